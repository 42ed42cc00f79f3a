import type { Request } from 'express';
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
 * A submitted text field, trimmed. Only a string is accepted: a list (`a=1&a=2`) or an
 * object (`{"$ne": null}` in JSON) is refused with an {@link InputError}, so no submitted
 * value can become a query operator.
 */
export function textField(fields: Fields, name: string, options: TextOptions & { optional: true }): string | undefined;
export function textField(fields: Fields, name: string, options: TextOptions): string;
export function textField(fields: Fields, name: string, options: TextOptions): string | undefined {
  const value = fields[name];
  if (value === undefined || value === null || value === '') {
    if (options.optional) return undefined;
    throw new InputError(`Hãy điền ${options.label}.`);
  }
  if (typeof value !== 'string') throw new InputError(`${options.label} phải là một chuỗi ký tự.`);
  const text = value.trim();
  if (text === '') {
    if (options.optional) return undefined;
    throw new InputError(`Hãy điền ${options.label}.`);
  }
  if (text.length > options.max) throw new InputError(`${options.label} dài quá ${options.max} ký tự.`);
  return text;
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
  const value = textField(fields, name, { label: options.label, max: 100, optional: true });
  if (value === undefined) {
    if (options.optional) return undefined;
    throw new InputError(`Hãy chọn ${options.label}.`);
  }
  if (!allowed.includes(value as T)) throw new InputError(`${options.label} không hợp lệ.`);
  return value as T;
}

/** A whole number within bounds (empty gives the default). */
export function intField(fields: Fields, name: string, options: { label: string; min: number; max: number; default: number }): number {
  const value = textField(fields, name, { label: options.label, max: 20, optional: true });
  if (value === undefined) return options.default;
  const n = Number(value);
  if (!Number.isInteger(n) || n < options.min || n > options.max) {
    throw new InputError(`${options.label} phải là số nguyên từ ${options.min} đến ${options.max}.`);
  }
  return n;
}

/** A checkbox: true when present with any value ("on"). */
export function checkboxField(fields: Fields, name: string): boolean {
  const value = fields[name];
  if (value === undefined) return false;
  if (typeof value !== 'string') throw new InputError('Biểu mẫu không hợp lệ.');
  return true;
}

/** A list typed as "a, b; c" or one per line: trimmed, empty ones dropped, duplicates removed. */
export function listField(fields: Fields, name: string, options: { label: string; maxItems: number; maxItemLength: number }): string[] {
  const value = textField(fields, name, { label: options.label, max: options.maxItems * (options.maxItemLength + 2), optional: true });
  if (!value) return [];
  const items = [
    ...new Set(
      value
        .split(/[,;\n]/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
  if (items.length > options.maxItems) throw new InputError(`${options.label}: tối đa ${options.maxItems} mục.`);
  for (const item of items) if (item.length > options.maxItemLength) throw new InputError(`${options.label}: mục "${item.slice(0, 30)}…" quá dài.`);
  return items;
}

/** A 24-hex id from a route parameter, or a 404-like {@link InputError}. */
export function idParam(value: unknown): string {
  if (typeof value !== 'string' || !/^[0-9a-f]{24}$/i.test(value)) throw new InputError('Mã định danh không hợp lệ.', 404, 'not_found');
  return value.toLowerCase();
}

/** Department or topic code pattern (`van-phong`, `do-luong`). */
const CODE_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** A department or topic code field. */
export function codeField(fields: Fields, name: string, options: { label: string; optional?: boolean }): string | undefined {
  const value = textField(fields, name, { label: options.label, max: 64, optional: options.optional });
  if (value === undefined) return undefined;
  if (!CODE_PATTERN.test(value)) throw new InputError(`${options.label} chỉ gồm chữ thường không dấu, số và dấu gạch ngang (ví dụ: van-phong).`);
  return value;
}

/** A password field as typed (not trimmed: spaces may be part of it); only a string is accepted. */
export function passwordField(fields: Fields, name: string, label: string): string {
  const value = fields[name];
  if (value === undefined || value === '') throw new InputError(`Hãy nhập ${label}.`);
  if (typeof value !== 'string') throw new InputError(`${label} phải là một chuỗi ký tự.`);
  if (value.length > 200) throw new InputError(`${label} dài quá 200 ký tự.`);
  return value;
}
