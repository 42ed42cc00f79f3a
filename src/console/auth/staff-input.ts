import { InputError } from '../../errors.js';

/** Usernames: 3–64 of a–z, 0–9, dot, dash, underscore; stored and matched in lowercase. */
const USERNAME = /^[a-z0-9][a-z0-9._-]{2,63}$/;

/** A username as typed, lowercased and trimmed; undefined when it cannot be one. */
export function normaliseUsername(value: string): string | undefined {
  const name = value.trim().toLowerCase();
  return USERNAME.test(name) ? name : undefined;
}

/** A username for a new account, or an {@link InputError} in Vietnamese. */
export function requireUsername(value: unknown): string {
  const name = typeof value === 'string' ? normaliseUsername(value) : undefined;
  if (!name) throw new InputError('Tên đăng nhập gồm 3–64 ký tự a–z, 0–9, dấu chấm, gạch ngang hoặc gạch dưới.');
  return name;
}
