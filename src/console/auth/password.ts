import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { InputError } from '../../errors.js';

/**
 * scrypt cost: N = 2^17, r = 8, p = 1 (OWASP's minimum for scrypt) needs 128 MiB per hash and
 * a few hundred ms. Hashes made with lower parameters still verify and are raised at the next
 * sign-in ({@link PasswordHasher.needsRehash}). `CONSOLE_PASSWORD_COST` sets log2 N.
 */
const SCRYPT_DEFAULTS = { r: 8, p: 1 } as const;

/** scrypt parameters of a hash. */
export type ScryptParams = { N: number; r: number; p: number };
const KEY_LENGTH = 64;
const SALT_BYTES = 16;

/** Shortest password accepted for a console account. */
export const MIN_PASSWORD_LENGTH = 10;
/** Longest accepted (scrypt takes any length; this bounds the work a request can cause). */
export const MAX_PASSWORD_LENGTH = 200;

function derive(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/**
 * Hashes a password with scrypt (memory-hard) and a random salt. The result carries its
 * parameters, `scrypt$N$r$p$salt$hash` (base64url), so the cost can be raised later while
 * old hashes still verify. The password is NFC-normalised first, so "ộ" typed composed or
 * decomposed is the same password.
 */
export async function hashPassword(password: string, params: ScryptParams): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/**
 * True when `password` matches the stored hash; compared in constant time. A malformed hash
 * (or parameters out of a sane range) gives false, never a throw.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (!Number.isInteger(N) || N < 2 || N > 2 ** 20 || (N & (N - 1)) !== 0) return false;
  if (!Number.isInteger(r) || r < 1 || r > 32 || !Number.isInteger(p) || p < 1 || p > 16) return false;
  const salt = Buffer.from(parts[4]!, 'base64url');
  const expected = Buffer.from(parts[5]!, 'base64url');
  if (salt.length === 0 || expected.length !== KEY_LENGTH) return false;
  const actual = await derive(password, salt, { N, r, p });
  return timingSafeEqual(actual, expected);
}

/**
 * Hashes the passwords of one console at its configured cost (`CONSOLE_PASSWORD_COST`: N =
 * 2^log2N, r = 8, p = 1). One per console, so two services in a process keep their own cost.
 */
export class PasswordHasher {
  private readonly params: ScryptParams;
  private decoy: Promise<string> | undefined;

  constructor(log2N: number) {
    this.params = { N: 2 ** log2N, r: SCRYPT_DEFAULTS.r, p: SCRYPT_DEFAULTS.p };
  }

  /** A new hash of `password` at this console's cost (see {@link hashPassword}). */
  hash(password: string): Promise<string> {
    return hashPassword(password, this.params);
  }

  /** True when a stored hash was made with less work than new hashes get now (or is not ours). */
  needsRehash(stored: string): boolean {
    const parts = stored.split('$');
    if (parts.length !== 6 || parts[0] !== 'scrypt') return true;
    return Number(parts[1]) < this.params.N || Number(parts[2]) < this.params.r || Number(parts[3]) < this.params.p;
  }

  /** A hash of a random password, verified against for unknown usernames so timing reveals nothing. */
  decoyHash(): Promise<string> {
    this.decoy ??= this.hash(randomBytes(24).toString('base64url'));
    return this.decoy;
  }
}

/** Checks a new password's length; throws an {@link InputError} in Vietnamese otherwise. */
export function assertAcceptablePassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw new InputError(`Mật khẩu phải có ít nhất ${MIN_PASSWORD_LENGTH} ký tự.`);
  if (password.length > MAX_PASSWORD_LENGTH) throw new InputError(`Mật khẩu dài quá ${MAX_PASSWORD_LENGTH} ký tự.`);
}
