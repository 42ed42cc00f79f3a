import { z } from 'zod';
import type { ContentProblem } from './errors.js';

/**
 * Schema builders for content files, worded for editors: every message says what the field
 * should hold and what it holds now. {@link readShape} turns a file's issues into problems
 * naming file and field (`entries[3].sources[0].article`), so one run reports every mistake.
 */

/** A value as an editor would recognise it in their file. */
function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing (missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value === 'object' ? 'an object' : typeof value;
}

const KINDS: Record<string, string> = { string: 'text', array: 'a list', object: 'an object', number: 'a whole number', boolean: 'true or false' };

/** Words for the issues a field's own schema leaves unworded: a wrong type, a short list, a value off the list. */
function contentMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${KINDS[issue.expected] ?? issue.expected}, got ${describeValue(issue.input)}`;
    case 'too_small':
      if (issue.origin !== 'array') return undefined;
      return `needs at least ${String(issue.minimum)} item${Number(issue.minimum) === 1 ? '' : 's'}, has ${Array.isArray(issue.input) ? issue.input.length : 0}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}, got ${describeValue(issue.input)}`;
    default:
      return undefined;
  }
}

/** Non-empty text. */
export function text() {
  return z.string().refine((value) => value.trim() !== '', { error: 'must not be empty', abort: true });
}

/** Non-empty text matching `pattern`; `hint` says in words what that is. */
export function textLike(pattern: RegExp, hint: string) {
  return text().regex(pattern, { error: (issue) => `"${String(issue.input)}" is not ${hint}` });
}

/** An id or code of lowercase letters, digits and dashes; `noun` names which. */
export function slug(noun: 'id' | 'code') {
  return textLike(/^[a-z0-9]+(-[a-z0-9]+)*$/, `a${noun === 'id' ? 'n' : ''} ${noun} of lowercase letters, digits and dashes`);
}

/** A calendar date `YYYY-MM-DD` that exists. */
export function isoDate() {
  return text()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: (issue) => `"${String(issue.input)}" is not a date of the form YYYY-MM-DD`, abort: true })
    .refine((value) => new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value, {
      error: (issue) => `"${String(issue.input)}" is not a real date`,
    });
}

/** A date-time with an explicit offset, e.g. `2026-12-10T08:00:00+07:00`. */
export function isoDateTime() {
  return text()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})$/, {
      error: (issue) => `"${String(issue.input)}" is not a date-time with offset, e.g. 2026-12-10T08:00:00+07:00`,
      abort: true,
    })
    .refine((value) => !Number.isNaN(Date.parse(value)), { error: (issue) => `"${String(issue.input)}" is not a real date-time` });
}

/** An http(s) link. */
export function link() {
  return text().superRefine((value, ctx) => {
    if (!URL.canParse(value)) ctx.addIssue({ code: 'custom', message: `"${value}" is not a valid link` });
    else if (!['http:', 'https:'].includes(new URL(value).protocol)) ctx.addIssue({ code: 'custom', message: `"${value}" must be an http(s) link` });
  });
}

/** A whole number from `min` to `max`. */
export function wholeNumber(min: number, max: number) {
  const outside = (issue: { input?: unknown }) => `must be between ${min} and ${max}, got ${String(issue.input)}`;
  return z
    .number()
    .int({ error: (issue) => `expected a whole number, got ${describeValue(issue.input)}`, abort: true })
    .min(min, { error: outside })
    .max(max, { error: outside });
}

/**
 * An object with exactly these fields: any other is reported as unknown, with the allowed ones
 * (catches typos like `sorces`). `notes` are free-text fields such as `$comment`, accepted and
 * left out of what is read.
 */
export function closed<S extends z.core.$ZodLooseShape>(shape: S, notes: readonly string[] = []) {
  const allowed = [...notes, ...Object.keys(shape)].join(', ');
  const fields = z.strictObject(shape, { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown field (allowed: ${allowed})` : undefined) });
  if (notes.length === 0) return fields;
  return z.preprocess((value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
    return Object.fromEntries(Object.entries(value).filter(([key]) => !notes.includes(key)));
  }, fields);
}

/**
 * Reads `value` (a parsed file) with `schema`. Returns what it read, or `undefined` after
 * adding one problem per mistake to `problems`, each naming `file` and the field.
 */
export function readShape<S extends z.ZodType>(schema: S, value: unknown, file: string, problems: ContentProblem[]): z.output<S> | undefined {
  const result = schema.safeParse(value, { error: contentMessage, reportInput: true });
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const field = z.core.toDotPath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) problems.push({ file, field: z.core.toDotPath([...issue.path, key]), message: issue.message });
    } else {
      problems.push({ file, field, message: issue.message });
    }
  }
  return undefined;
}
