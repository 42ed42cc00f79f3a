import { existsSync, readFileSync } from 'node:fs';
import type { z } from 'zod';
import type { ContentProblem } from './errors.js';
import { readShape } from './fields.js';

/**
 * Reads a content file with `schema`. A missing file, a JSON syntax error and every mistake
 * against the schema are added to `problems` (each naming the file, and the field where there
 * is one) rather than thrown, so one run reports them all; returns `undefined` then.
 */
export function readJsonFile<S extends z.ZodType>(file: string, problems: ContentProblem[], schema: S): z.output<S> | undefined {
  if (!existsSync(file)) {
    problems.push({ file, field: '', message: 'file is missing' });
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    // A syntax error is the file's problem, reported with the others rather than thrown alone.
    problems.push({ file, field: '', message: `is not valid JSON (${err instanceof Error ? err.message : String(err)})` });
    return undefined;
  }
  return readShape(schema, parsed, file, problems);
}
