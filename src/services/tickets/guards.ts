import { InputError } from '../../errors.js';
import { CHANNELS, type Channel } from '../../domain/vocabulary.js';

/**
 * Input guards. Every id, code and key that reaches a query passes through one of these, so
 * an object such as `{ "$ne": null }` posted in a form can never become a query operator.
 */

export interface TextRules {
  /** Longest accepted length after trimming. */
  max: number;
  /** When true, an empty or missing value is accepted and returned as undefined. */
  optional?: boolean;
}

/** A trimmed string within the length limit, or an {@link InputError} naming the field. */
export function requireText(value: unknown, field: string, rules: TextRules & { optional: true }): string | undefined;
export function requireText(value: unknown, field: string, rules: TextRules): string;
export function requireText(value: unknown, field: string, rules: TextRules): string | undefined {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
    if (rules.optional) return undefined;
    throw new InputError(`${field} is required`);
  }
  if (typeof value !== 'string') throw new InputError(`${field} must be text`);
  const text = value.trim();
  if (text.length > rules.max) throw new InputError(`${field} is too long (${text.length} characters, at most ${rules.max})`);
  return text;
}

/** One of the allowed values, or an {@link InputError} listing them. */
export function requireOneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    throw new InputError(`${field} must be one of: ${allowed.join(', ')}`);
  }
  return value as T;
}

/** A ticket id (24 hexadecimal characters). */
export function requireTicketId(value: unknown): string {
  if (typeof value !== 'string' || !/^[0-9a-f]{24}$/i.test(value)) throw new InputError('ticket id is not valid');
  return value.toLowerCase();
}

/** A contact key `channel:userId` on a known channel. */
export function requireContactKey(value: unknown, field = 'contactKey'): string {
  if (typeof value !== 'string') throw new InputError(`${field} must be text`);
  const i = value.indexOf(':');
  const channel = value.slice(0, i);
  const userId = value.slice(i + 1);
  if (i <= 0 || !CHANNELS.includes(channel as Channel) || userId.length === 0 || userId.length > 200 || /\s/.test(userId)) {
    throw new InputError(`${field} must look like "zalo:<user id>"`);
  }
  return value;
}

/** A department code such as `van-phong`. */
export function requireDepartmentCode(value: unknown, field = 'departmentCode'): string {
  if (typeof value !== 'string' || !/^[a-z0-9][a-z0-9-]{0,63}$/.test(value)) {
    throw new InputError(`${field} must be a department code such as "van-phong"`);
  }
  return value;
}

/** A topic id such as `do-luong`, or undefined when none was given. */
export function optionalTopic(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || !/^[a-z0-9][a-z0-9-]{0,63}$/.test(value)) {
    throw new InputError('topic must be a topic id such as "do-luong"');
  }
  return value;
}
