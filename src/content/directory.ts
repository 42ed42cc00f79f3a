import { join as joinPath } from 'node:path';
import { COMPLAINTS_DEPARTMENT_CODE, COMPLAINTS_TOPIC, DEFAULT_DEPARTMENT_CODE } from '../services/routing.js';
import { normalizeVietnamese } from '../search/normalize.js';
import { z } from 'zod';
import type { ContentProblem } from './errors.js';
import { closed, slug, text, wholeNumber } from './fields.js';
import { readJsonFile } from './read-json.js';
import { localizedSchema, TOPIC_IDS } from './types.js';

const departmentsSchema = closed(
  {
    departments: z
      .array(
        closed({
          code: slug('code'),
          name: localizedSchema,
          topics: z.array(z.enum(TOPIC_IDS)),
          contacts: closed({ email: text().optional(), phone: text().optional(), address: text().optional(), hours: text().optional() }),
          isSample: z.boolean().optional(),
          active: z.boolean().optional(),
        }),
      )
      .min(1),
  },
  ['_note'],
);

/** Rule keywords are matched against folded text, so they are written folded. */
const keyword = text().superRefine((value, ctx) => {
  const folded = normalizeVietnamese(value);
  if (folded !== value) ctx.addIssue({ code: 'custom', message: `keyword "${value}" must be written lowercase without diacritics ("${folded}")` });
});

const rulesSchema = closed(
  {
    rules: z
      .array(
        closed({
          key: slug('code'),
          topic: z.enum(TOPIC_IDS).optional(),
          keywords: z.array(keyword).optional(),
          departmentCode: slug('code'),
          priority: wholeNumber(0, 1000).optional(),
          active: z.boolean().optional(),
        }).refine((rule) => rule.topic !== undefined || rule.keywords !== undefined, 'a rule needs a topic or keywords'),
      )
      .min(1),
  },
  ['_note'],
);

/**
 * Checks the shipped department directory (`departments.json`) and routing rules (`routing-rules.json`)
 * that `seedDirectory` loads: unique codes and keys, known topics, every topic owned, and every rule
 * pointing at a department of the directory, so a rule never names a removed unit. The office that
 * answers by default and the unit that handles complaints must exist.
 */
export function checkDirectory(dir: string, problems: ContentProblem[]): void {
  const departmentsFile = joinPath(dir, 'departments.json');
  const rulesFile = joinPath(dir, 'routing-rules.json');
  const fail = (file: string, field: string, message: string) => problems.push({ file, field, message });

  const directory = readJsonFile(departmentsFile, problems, departmentsSchema);
  const codes = new Set<string>();
  if (directory) {
    directory.departments.forEach(({ code }, i) => {
      if (codes.has(code)) fail(departmentsFile, `departments[${i}].code`, `duplicate department code "${code}"`);
      codes.add(code);
    });
    const owned = new Set(directory.departments.flatMap((d) => d.topics));
    for (const topic of TOPIC_IDS) if (!owned.has(topic)) fail(departmentsFile, 'departments', `no department lists topic "${topic}"`);
    for (const required of [DEFAULT_DEPARTMENT_CODE, COMPLAINTS_DEPARTMENT_CODE]) {
      if (!codes.has(required)) fail(departmentsFile, 'departments', `department "${required}" is missing; routing falls back to it`);
    }
  }

  const routing = readJsonFile(rulesFile, problems, rulesSchema);
  if (!routing) return;
  const keys = new Set<string>();
  routing.rules.forEach((rule, i) => {
    if (keys.has(rule.key)) fail(rulesFile, `rules[${i}].key`, `duplicate rule key "${rule.key}"`);
    keys.add(rule.key);
    if (directory && !codes.has(rule.departmentCode)) {
      fail(rulesFile, `rules[${i}].departmentCode`, `department "${rule.departmentCode}" is not in departments.json`);
    }
  });
  if (!routing.rules.some((rule) => rule.topic === COMPLAINTS_TOPIC)) {
    fail(rulesFile, 'rules', `no rule for topic "${COMPLAINTS_TOPIC}"; complaints and denunciations follow it`);
  }
}
