import { AppError, InputError } from '../../errors.js';
import { StaffModel } from '../../db/models/staff.js';
import { log } from '../../log.js';
import { writeAudit } from '../../services/audit.js';
import { SignInThrottledError } from './errors.js';
import { MAX_PASSWORD_LENGTH, verifyPassword, type PasswordHasher } from './password.js';
import { normaliseUsername } from './staff-input.js';
import { createHash } from 'node:crypto';
import { networkOf } from '../../http/rate-limit.js';
import {
  accountAtKey,
  accountDelayMs,
  accountKey,
  addressKey,
  clearThrottle,
  lockRemainingMs,
  recordFailure,
  type AccountSlowdown,
  type ThrottlePolicy,
} from './throttle.js';
import type { ConsoleStaff } from './types.js';

const authLog = log.child({ module: 'console.auth' });

/** Wrong username or password; the same answer either way (HTTP 401). */
class InvalidCredentialsError extends AppError {
  constructor() {
    super('invalid_credentials', 'Tên đăng nhập hoặc mật khẩu không đúng.', { status: 401 });
  }
}

export interface SignInInput {
  username: unknown;
  password: unknown;
  /** Client address, for the per-address lockout and the audit log. */
  ip: string;
}

export interface SignInPolicies {
  /** Locks an account name at one client network. */
  account: ThrottlePolicy;
  /** Locks a client network. */
  address: ThrottlePolicy;
  /** Slows attempts on an account tried from many networks; never refuses. */
  slowdown: AccountSlowdown;
  /** The console's password cost: new hashes, rehashes and the decoy for unknown names. */
  passwords: PasswordHasher;
}

/** Counts failures without ever locking (the account-wide count behind the slowdown). */
const COUNT_ONLY = (windowMs: number): ThrottlePolicy => ({ maxFailures: Number.MAX_SAFE_INTEGER, windowMs, lockMs: 0, maxLockMs: 0 });

/**
 * How a typed name appears in logs and audit entries: the name of an existing account as it
 * is; anything else (often a password typed into the wrong field) only as a short fingerprint,
 * so repeated attempts can be told apart without the text being kept.
 */
function loggedName(username: string, known: boolean): string {
  return known ? username : `unknown:${createHash('sha256').update(username).digest('hex').slice(0, 12)}`;
}

function requireCredentialText(value: unknown, field: string): string {
  // A JSON body could carry {"$gt": ""}: only plain text ever reaches a query.
  if (typeof value !== 'string') throw new InputError(`${field} phải là chuỗi ký tự.`);
  return value;
}

/**
 * Checks a username and password. Guarantees: non-text input is refused with a 400 before any
 * query; an account name locked at this client network, or a network locked by earlier
 * failures, gets {@link SignInThrottledError} without the password being checked; an account
 * with many failures from everywhere is slowed, never refused; an unknown name and a wrong
 * password take the same time and give the same {@link InvalidCredentialsError}; each failure
 * counts against the account at this address, the address, and the account; success clears
 * the account's lock at this address and raises an old hash's cost. Every outcome is audited;
 * a typed name that is no account is logged only as a fingerprint.
 */
export async function signIn(input: SignInInput, policies: SignInPolicies, now = new Date()): Promise<ConsoleStaff> {
  const typed = requireCredentialText(input.username, 'Tên đăng nhập');
  const password = requireCredentialText(input.password, 'Mật khẩu');
  const username = normaliseUsername(typed) ?? typed.trim().toLowerCase().slice(0, 64);
  const network = networkOf(input.ip);
  const pairKey = accountAtKey(username, network);
  const known = normaliseUsername(typed) !== undefined && (await StaffModel.exists({ username })) !== null;
  const name = loggedName(username, known);
  const lockedMs = await lockRemainingMs([pairKey, addressKey(network)], now);
  if (lockedMs > 0) {
    authLog.warn({ username: name, ip: input.ip }, 'sign-in refused: too many failures from this address');
    await writeAudit({ actor: 'system', action: 'staff.sign_in_throttled', targetType: 'staff', targetId: name, details: { ip: input.ip } }, now);
    throw new SignInThrottledError(Math.ceil(lockedMs / 1000));
  }
  const delayMs = await accountDelayMs(username, policies.slowdown, now);
  if (delayMs > 0) {
    authLog.warn({ username: name, ip: input.ip, delayMs }, 'sign-in slowed: many failures on this account');
    await new Promise((resolve) => setTimeout(resolve, delayMs));
  }

  const doc = known && password.length <= MAX_PASSWORD_LENGTH ? await StaffModel.findOne({ username, active: { $ne: false } }).lean() : null;
  const ok = await verifyPassword(password.slice(0, MAX_PASSWORD_LENGTH + 1), doc?.passwordHash ?? (await policies.passwords.decoyHash()));
  if (!doc || !ok) {
    const lockedAccount = await recordFailure(pairKey, policies.account, now);
    const lockedAddress = await recordFailure(addressKey(network), policies.address, now);
    await recordFailure(accountKey(username), COUNT_ONLY(policies.slowdown.windowMs), now);
    authLog.warn({ username: name, ip: input.ip, locked: Boolean(lockedAccount || lockedAddress) }, 'sign-in failed');
    await writeAudit(
      {
        actor: 'system',
        action: 'staff.sign_in_failed',
        targetType: 'staff',
        targetId: name,
        details: {
          ip: input.ip,
          ...(lockedAccount ? { accountLockedUntil: lockedAccount } : {}),
          ...(lockedAddress ? { addressLockedUntil: lockedAddress } : {}),
        },
      },
      now,
    );
    throw new InvalidCredentialsError();
  }
  await clearThrottle(pairKey);
  if (policies.passwords.needsRehash(doc.passwordHash)) {
    // Raises the cost of a hash made with older parameters, now that the password is known.
    await StaffModel.updateOne({ _id: doc._id, passwordHash: doc.passwordHash }, { $set: { passwordHash: await policies.passwords.hash(password) } });
  }
  const staff: ConsoleStaff = {
    id: String(doc._id),
    username: doc.username,
    displayName: doc.displayName,
    role: doc.role,
    departmentCode: doc.departmentCode ?? undefined,
  };
  await writeAudit({ actor: staff, action: 'staff.sign_in', targetType: 'staff', targetId: staff.id, details: { ip: input.ip } }, now);
  authLog.info({ username }, 'signed in');
  return staff;
}
