import { existsSync, readFileSync } from 'node:fs';
import { join as joinPath } from 'node:path';
import { COMPLAINTS_DEPARTMENT_CODE, COMPLAINTS_TOPIC, DEFAULT_DEPARTMENT_CODE } from '../services/routing.js';
import { normalizeVietnamese } from '../search/normalize.js';
import type { ContentProblem } from './errors.js';
import { readLocalized } from './read-shapes.js';
import { FieldReader, join } from './schema.js';
import { TOPIC_IDS } from './types.js';

const CODE = { pattern: /^[a-z0-9]+(-[a-z0-9]+)*$/, patternHint: 'a code of lowercase letters, digits and dashes' };

function readJson(file: string, problems: ContentProblem[]): unknown {
  if (!existsSync(file)) {
    problems.push({ file, field: '', message: 'file is missing' });
    return undefined;
  }
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    problems.push({ file, field: '', message: `is not valid JSON (${err instanceof Error ? err.message : String(err)})` });
    return undefined;
  }
}

/**
 * Checks the shipped department directory (`departments.json`) and routing rules (`routing-rules.json`)
 * that `seedDirectory` loads: unique codes and keys, known topics, every topic owned, and every rule
 * pointing at a department of the directory, so a rule never names a removed unit. The office that
 * answers by default and the unit that handles complaints must exist.
 */
export function checkDirectory(dir: string, problems: ContentProblem[]): void {
  const departmentsFile = joinPath(dir, 'departments.json');
  const rulesFile = joinPath(dir, 'routing-rules.json');
  const codes = new Set<string>();
  const owned = new Set<string>();

  const d = new FieldReader(departmentsFile, problems);
  const departmentsRoot = readJson(departmentsFile, problems);
  if (departmentsRoot !== undefined) {
    const root = d.object(departmentsRoot, '', ['_note', 'departments']);
    d.array(
      root?.departments,
      'departments',
      (value, path) => {
        const o = d.object(value, path, ['code', 'name', 'topics', 'contacts', 'isSample', 'active']);
        if (!o) return undefined;
        const code = d.string(o.code, join(path, 'code'), CODE);
        if (code !== undefined && codes.has(code)) d.fail(join(path, 'code'), `duplicate department code "${code}"`);
        if (code !== undefined) codes.add(code);
        readLocalized(d, o.name, join(path, 'name'));
        d.array(o.topics, join(path, 'topics'), (t, p) => {
          const topic = d.oneOf(t, p, TOPIC_IDS);
          if (topic) owned.add(topic);
          return topic;
        });
        const contacts = d.object(o.contacts, join(path, 'contacts'), ['email', 'phone', 'address', 'hours']);
        if (contacts) for (const key of Object.keys(contacts)) d.string(contacts[key], join(join(path, 'contacts'), key));
        if (o.isSample !== undefined) d.boolean(o.isSample, join(path, 'isSample'));
        if (o.active !== undefined) d.boolean(o.active, join(path, 'active'));
        return code;
      },
      { minItems: 1 },
    );
    for (const topic of TOPIC_IDS) if (!owned.has(topic)) d.fail('departments', `no department lists topic "${topic}"`);
    for (const required of [DEFAULT_DEPARTMENT_CODE, COMPLAINTS_DEPARTMENT_CODE]) {
      if (!codes.has(required)) d.fail('departments', `department "${required}" is missing; routing falls back to it`);
    }
  }

  const r = new FieldReader(rulesFile, problems);
  const rulesRoot = readJson(rulesFile, problems);
  if (rulesRoot === undefined) return;
  const root = r.object(rulesRoot, '', ['_note', 'rules']);
  const keys = new Set<string>();
  let complaintsRule = false;
  r.array(
    root?.rules,
    'rules',
    (value, path) => {
      const o = r.object(value, path, ['key', 'topic', 'keywords', 'departmentCode', 'priority', 'active']);
      if (!o) return undefined;
      const key = r.string(o.key, join(path, 'key'), CODE);
      if (key !== undefined && keys.has(key)) r.fail(join(path, 'key'), `duplicate rule key "${key}"`);
      if (key !== undefined) keys.add(key);
      const topic = o.topic === undefined ? undefined : r.oneOf(o.topic, join(path, 'topic'), TOPIC_IDS);
      if (topic === COMPLAINTS_TOPIC) complaintsRule = true;
      if (o.keywords !== undefined) {
        r.array(o.keywords, join(path, 'keywords'), (k, p) => {
          const keyword = r.string(k, p);
          if (keyword !== undefined && normalizeVietnamese(keyword) !== keyword) {
            r.fail(p, `keyword "${keyword}" must be written lowercase without diacritics ("${normalizeVietnamese(keyword)}")`);
          }
          return keyword;
        });
      }
      if (topic === undefined && o.keywords === undefined) r.fail(path, 'a rule needs a topic or keywords');
      const code = r.string(o.departmentCode, join(path, 'departmentCode'), CODE);
      if (code !== undefined && departmentsRoot !== undefined && !codes.has(code)) {
        r.fail(join(path, 'departmentCode'), `department "${code}" is not in departments.json`);
      }
      if (o.priority !== undefined) r.integer(o.priority, join(path, 'priority'), 0, 1000);
      if (o.active !== undefined) r.boolean(o.active, join(path, 'active'));
      return key;
    },
    { minItems: 1 },
  );
  if (!complaintsRule) r.fail('rules', `no rule for topic "${COMPLAINTS_TOPIC}"; complaints and denunciations follow it`);
}
