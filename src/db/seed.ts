import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Model } from 'mongoose';
import { InputError } from '../errors.js';
import { isDuplicateKey } from './errors.js';
import { log } from '../log.js';
import { DepartmentModel } from './models/department.js';
import { RoutingRuleModel } from './models/routing-rule.js';

const seedLog = log.child({ module: 'seed' });

export interface SeedReport {
  inserted: number;
  updated: number;
  /** Left alone because staff edited them after seeding. */
  keptStaffEdits: number;
  unchanged: number;
}

interface SeedEntry {
  [field: string]: unknown;
}

function readEntries(file: string, listField: string, idField: string): SeedEntry[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new InputError(`${file}: cannot be read as JSON (${(err as Error).message})`);
  }
  const list = (parsed as Record<string, unknown>)?.[listField];
  if (!Array.isArray(list)) throw new InputError(`${file}: "${listField}" must be a list`);
  list.forEach((entry, i) => {
    if (typeof entry !== 'object' || entry === null || typeof (entry as SeedEntry)[idField] !== 'string') {
      throw new InputError(`${file}: ${listField}[${i}].${idField} must be text`);
    }
  });
  return list as SeedEntry[];
}

function hashOf(entry: SeedEntry): string {
  return createHash('sha256').update(JSON.stringify(entry)).digest('hex').slice(0, 16);
}

/**
 * Loads seed entries into a collection, keyed by `idField`. A new entry is inserted; an entry
 * staff have edited (`editedAt` set) is never touched; an unedited one is refreshed only when
 * the seed file changed it. Running it twice changes nothing.
 */
async function seedCollection<T>(model: Model<T>, entries: SeedEntry[], idField: string): Promise<SeedReport> {
  const report: SeedReport = { inserted: 0, updated: 0, keptStaffEdits: 0, unchanged: 0 };
  for (const entry of entries) {
    const seedHash = hashOf(entry);
    const id = entry[idField] as string;
    const existing = await model.findOne({ [idField]: id }, { editedAt: 1, seedHash: 1 }).lean<{ editedAt?: Date; seedHash?: string }>();
    if (!existing) {
      // upsert with $setOnInsert: two instances starting together insert once. The one that
      // loses the race may get E11000 from the unique index instead of a match: the entry is there.
      try {
        const result = await model.updateOne({ [idField]: id }, { $setOnInsert: { ...entry, seedHash } }, { upsert: true });
        if (result.upsertedCount === 1) report.inserted += 1;
        else report.unchanged += 1;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        report.unchanged += 1;
      }
    } else if (existing.editedAt) {
      report.keptStaffEdits += 1;
    } else if (existing.seedHash !== seedHash) {
      await model.updateOne({ [idField]: id, editedAt: { $exists: false } }, { $set: { ...entry, seedHash } });
      report.updated += 1;
    } else {
      report.unchanged += 1;
    }
  }
  return report;
}

/** Seeds the department directory and routing rules from `content/`. */
export async function seedDirectory(contentDir = 'content'): Promise<{ departments: SeedReport; rules: SeedReport }> {
  const departments = await seedCollection(DepartmentModel, readEntries(join(contentDir, 'departments.json'), 'departments', 'code'), 'code');
  const rules = await seedCollection(RoutingRuleModel, readEntries(join(contentDir, 'routing-rules.json'), 'rules', 'key'), 'key');
  seedLog.info({ departments, rules }, 'directory seeded');
  return { departments, rules };
}
