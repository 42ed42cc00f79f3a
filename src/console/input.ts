import type { Request } from 'express';
import { z } from 'zod';
import { InputError } from '../errors.js';

/** A flat bag of submitted fields (form or JSON body, or the query string). */
export type Fields = Record<string, unknown>;

/** The request body as fields (empty when there is none or it is not an object). */
export function bodyOf(req: Request): Fields {
  const body: unknown = req.body;
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as Fields) : {};
}

/** The query string as fields. */
export function queryOf(req: Request): Fields {
  return req.query;
}

export interface TextOptions {
  /** Vietnamese name of the field, for messages. */
  label: string;
  max: number;
  optional?: boolean;
}

/**
 * Reads one submitted value with `schema`; the first problem becomes an {@link InputError}
 * carrying the message the staff member sees.
 */
function readField<S extends z.ZodType>(schema: S, value: unknown, status?: number, code?: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new InputError(result.error.issues[0]?.message ?? 'Biểu mẫu không hợp lệ.', status, code);
}

/** Only a string, trimmed: a list (`a=1&a=2`) or an object (`{"$ne": null}`) must never reach a query. */
function trimmedText(label: string) {
  return z.string({ error: (issue) => (issue.input === undefined ? `Hãy điền ${label}.` : `${label} phải là một chuỗi ký tự.`) }).trim();
}

const blankIsAbsent = (value: unknown) => (value === null || value === '' ? undefined : value);

/** A trimmed text of at most `max` characters that must be filled in. */
function requiredText(label: string, max: number) {
  return z.preprocess(blankIsAbsent, trimmedText(label).min(1, `Hãy điền ${label}.`).max(max, `${label} dài quá ${max} ký tự.`));
}

/** A trimmed text of at most `max` characters; blank reads as absent. */
function optionalText(label: string, max: number) {
  return z.preprocess(blankIsAbsent, trimmedText(label).max(max, `${label} dài quá ${max} ký tự.`).optional()).transform((value) => value || undefined);
}

/**
 * A submitted text field, trimmed. Only a string is accepted: a list (`a=1&a=2`) or an
 * object (`{"$ne": null}` in JSON) is refused with an {@link InputError}, so no submitted
 * value can become a query operator.
 */
export function textField(fields: Fields, name: string, options: TextOptions & { optional: true }): string | undefined;
export function textField(fields: Fields, name: string, options: TextOptions): string;
export function textField(fields: Fields, name: string, options: TextOptions): string | undefined {
  return readField(options.optional ? optionalText(options.label, options.max) : requiredText(options.label, options.max), fields[name]);
}

/** One of the allowed values, or undefined when empty and optional; otherwise an {@link InputError}. */
export function choiceField<T extends string>(fields: Fields, name: string, allowed: readonly T[], options: { label: string; optional: true }): T | undefined;
export function choiceField<T extends string>(fields: Fields, name: string, allowed: readonly T[], options: { label: string; optional?: false }): T;
export function choiceField<T extends string>(
  fields: Fields,
  name: string,
  allowed: readonly T[],
  options: { label: string; optional?: boolean },
): T | undefined {
  const choice = z.enum(allowed as readonly [T, ...T[]], {
    error: (issue) => (issue.input === undefined ? `Hãy chọn ${options.label}.` : `${options.label} không hợp lệ.`),
  });
  return readField(optionalText(options.label, 100).pipe(options.optional ? choice.optional() : choice), fields[name]);
}

/** A whole number within bounds (empty gives the default). */
export function intField(fields: Fields, name: string, options: { label: string; min: number; max: number; default: number }): number {
  const outside = `${options.label} phải là số nguyên từ ${options.min} đến ${options.max}.`;
  const whole = z.string().transform(Number).pipe(z.number(outside).int(outside).min(options.min, outside).max(options.max, outside));
  return readField(
    optionalText(options.label, 20)
      .pipe(whole.optional())
      .transform((n) => n ?? options.default),
    fields[name],
  );
}

/** A checkbox: true when present with any value ("on"). */
export function checkboxField(fields: Fields, name: string): boolean {
  return readField(
    z
      .string('Biểu mẫu không hợp lệ.')
      .optional()
      .transform((value) => value !== undefined),
    fields[name],
  );
}

/** What every item of a list field must look like: `message` names the item that does not. */
interface ListItemRule {
  pattern: RegExp;
  message: (item: string) => string;
}

/**
 * A list typed as "a, b; c" or one per line: trimmed, empty ones dropped, duplicates removed.
 * With `each`, an item that does not match its pattern is refused with its message.
 */
export function listField(fields: Fields, name: string, options: { label: string; maxItems: number; maxItemLength: number; each?: ListItemRule }): string[] {
  const { label, maxItems, maxItemLength, each } = options;
  const itemText = z
    .string()
    .max(maxItemLength, { error: (issue) => `${label}: mục "${typeof issue.input === 'string' ? issue.input.slice(0, 30) : ''}…" quá dài.` });
  const item = each ? itemText.regex(each.pattern, { error: (issue) => each.message(typeof issue.input === 'string' ? issue.input : '') }) : itemText;
  const items = z.array(item).max(maxItems, `${label}: tối đa ${maxItems} mục.`);
  const typed = optionalText(label, maxItems * (maxItemLength + 2)).transform((value) => [
    ...new Set(
      (value ?? '')
        .split(/[,;\n]/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ]);
  return readField(typed.pipe(items), fields[name]);
}

/** A 24-hex id from a route parameter, or a 404-like {@link InputError}. */
export function idParam(value: unknown): string {
  const id = z.string().regex(/^[0-9a-f]{24}$/i, 'Mã định danh không hợp lệ.');
  return readField(
    id.transform((text) => text.toLowerCase()),
    value,
    404,
    'not_found',
  );
}

/** Department or topic code pattern (`van-phong`, `do-luong`). */
const CODE_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** A department or topic code field. */
export function codeField(fields: Fields, name: string, options: { label: string; optional?: boolean }): string | undefined {
  const code = z.string().regex(CODE_PATTERN, `${options.label} chỉ gồm chữ thường không dấu, số và dấu gạch ngang (ví dụ: van-phong).`);
  return readField(options.optional ? optionalText(options.label, 64).pipe(code.optional()) : requiredText(options.label, 64).pipe(code), fields[name]);
}

/** A password field as typed (not trimmed: spaces may be part of it); only a string is accepted. */
export function passwordField(fields: Fields, name: string, label: string): string {
  const missing = `Hãy nhập ${label}.`;
  const password = z
    .string({ error: (issue) => (issue.input === undefined ? missing : `${label} phải là một chuỗi ký tự.`) })
    .min(1, missing)
    .max(200, `${label} dài quá 200 ký tự.`);
  return readField(password, fields[name]);
}
