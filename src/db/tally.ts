import { withLease } from './lease.js';
import { CounterModel } from './models/counter.js';
import { TallyChangeModel, TallyModel } from './models/tally.js';
import { appendToLog, logEntryId, readLogAfter } from './numbered-log.js';

/** Counts by key. */
export type TallyCounts = Map<string, number>;

/** Changes read past a tally before a reader folds them into it. */
const FOLD_AFTER = 32;
const FOLD_LEASE_MS = 60_000;

/** The tally's change log and its counter: `tally:<name>`, apart from every other counter. */
const logName = (name: string): string => `tally:${name}`;

interface StoredTally {
  upTo: number;
  counts: string;
}

/**
 * Moves counts of the tally `name` by `deltas` (key → +n or −n) with one insert into its
 * change log, numbered by unique `_id`: concurrent writers never lose each other's change,
 * even where `$inc` is not atomic (FerretDB). Keys whose delta is 0 are left out; nothing is
 * written when every delta is 0.
 */
export async function addToTally(name: string, deltas: Readonly<Record<string, number>>): Promise<void> {
  const moved = Object.fromEntries(Object.entries(deltas).filter(([, n]) => n !== 0));
  if (Object.keys(moved).length === 0) return;
  await appendToLog(TallyChangeModel, logName(name), { deltas: moved });
}

function withChanges(
  stored: StoredTally | null,
  changes: readonly { n: number; doc: { deltas: Record<string, number> } }[],
): { upTo: number; counts: TallyCounts } {
  const counts: TallyCounts = new Map(Object.entries(stored ? (JSON.parse(stored.counts) as Record<string, number>) : {}));
  for (const { doc } of changes) {
    for (const [key, n] of Object.entries(doc.deltas)) {
      const total = (counts.get(key) ?? 0) + n;
      if (total === 0) counts.delete(key);
      else counts.set(key, total);
    }
  }
  return { upTo: changes.at(-1)?.n ?? stored?.upTo ?? 0, counts };
}

async function readStored(name: string): Promise<{ upTo: number; counts: TallyCounts; pending: number }> {
  const stored = await TallyModel.findById(name, { upTo: 1, counts: 1 }).lean<StoredTally>();
  const changes = await readLogAfter<{ deltas: Record<string, number> }>(TallyChangeModel, logName(name), stored?.upTo ?? 0);
  return { ...withChanges(stored, changes), pending: changes.length };
}

/**
 * Folds the tally's pending changes into it, then deletes them. One instance at a time (a
 * lease per tally); another instance folding the same tally already makes this a no-op.
 */
async function foldTally(name: string): Promise<void> {
  await withLease(`tally-fold:${name}`, FOLD_LEASE_MS, async () => {
    const before = (await TallyModel.findById(name, { upTo: 1 }).lean<{ upTo: number }>())?.upTo ?? 0;
    const { upTo, counts, pending } = await readStored(name);
    if (pending === 0) return;
    await TallyModel.replaceOne({ _id: name }, { upTo, counts: JSON.stringify(Object.fromEntries(counts)), foldedAt: new Date() }, { upsert: true });
    // The hint must not lag behind the folded numbers: a number deleted below it could be taken again.
    await CounterModel.updateOne({ _id: logName(name) }, { $max: { seq: upTo } }, { upsert: true });
    await Promise.all(Array.from({ length: upTo - before }, (_, i) => TallyChangeModel.deleteOne({ _id: logEntryId(logName(name), before + i + 1) })));
  });
}

/**
 * The counts of the tally `name` as they stand now (empty for a tally never written): the
 * folded counts and the changes after them, read by `_id`. A reader that finds many changes
 * folds them for the next one.
 */
export async function readTally(name: string): Promise<TallyCounts> {
  const { counts, pending } = await readStored(name);
  if (pending >= FOLD_AFTER) await foldTally(name);
  return counts;
}

/**
 * Sets the tally `name` to `counts`, counted afresh from the data it summarises; the changes
 * recorded before are dropped. For the start-up migration, while no writer moves the tally.
 */
export async function replaceTally(name: string, counts: ReadonlyMap<string, number>): Promise<void> {
  const hint = (await CounterModel.findById(logName(name)).lean())?.seq ?? 0;
  const stored = await TallyModel.findById(name, { upTo: 1 }).lean<{ upTo: number }>();
  const pending = await readLogAfter(TallyChangeModel, logName(name), stored?.upTo ?? 0);
  const upTo = Math.max(hint, pending.at(-1)?.n ?? 0, stored?.upTo ?? 0);
  const kept = [...counts].filter(([, n]) => n !== 0);
  await TallyModel.replaceOne({ _id: name }, { upTo, counts: JSON.stringify(Object.fromEntries(kept)), foldedAt: new Date() }, { upsert: true });
  await CounterModel.updateOne({ _id: logName(name) }, { $max: { seq: upTo } }, { upsert: true });
  await Promise.all(pending.map((p) => TallyChangeModel.deleteOne({ _id: logEntryId(logName(name), p.n) })));
}
