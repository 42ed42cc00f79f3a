import { AppError, InputError } from '../../errors.js';
import { StaffModel, type StaffRole } from '../../db/models/staff.js';
import { log } from '../../log.js';
import { writeAudit } from '../../services/audit.js';
import { SignInThrottledError } from './errors.js';
import { decoyPasswordHash, MAX_PASSWORD_LENGTH, verifyPassword } from './password.js';
import { normaliseUsername } from './staff-input.js';
import { accountKey, addressKey, clearThrottle, lockRemainingMs, recordFailure, type ThrottlePolicy } from './throttle.js';
import type { ConsoleStaff } from './types.js';

const authLog = log.child({ module: 'console.auth' });

/** Wrong username or password; the same answer either way (HTTP 401). */
export class InvalidCredentialsError extends AppError {
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
  account: ThrottlePolicy;
  address: ThrottlePolicy;
}

function requireCredentialText(value: unknown, field: string): string {
  // A JSON body could carry {"$gt": ""}: only plain text ever reaches a query.
  if (typeof value !== 'string') throw new InputError(`${field} phải là chuỗi ký tự.`);
  return value;
}

/**
 * Checks a username and password. Guarantees: non-text input is refused with a 400 before any
 * query; a source locked by earlier failures (the account name, or the address) gets
 * {@link SignInThrottledError} without the password being checked; an unknown name and a
 * wrong password take the same time and give the same {@link InvalidCredentialsError}; each
 * failure counts against both the account name and the address; success clears the
 * account's count. Every outcome is audited.
 */
export async function signIn(input: SignInInput, policies: SignInPolicies, now = new Date()): Promise<ConsoleStaff> {
  const typed = requireCredentialText(input.username, 'Tên đăng nhập');
  const password = requireCredentialText(input.password, 'Mật khẩu');
  const username = normaliseUsername(typed) ?? typed.trim().toLowerCase().slice(0, 64);
  const keys = [accountKey(username), addressKey(input.ip)];
  const lockedMs = await lockRemainingMs(keys, now);
  if (lockedMs > 0) {
    authLog.warn({ username, ip: input.ip }, 'sign-in refused: too many failures');
    await writeAudit({ actor: 'system', action: 'staff.sign_in_throttled', targetType: 'staff', targetId: username, details: { ip: input.ip } }, now);
    throw new SignInThrottledError(Math.ceil(lockedMs / 1000));
  }

  const doc = normaliseUsername(typed) && password.length <= MAX_PASSWORD_LENGTH
    ? await StaffModel.findOne({ username, active: { $ne: false } }).lean()
    : null;
  const ok = await verifyPassword(password.slice(0, MAX_PASSWORD_LENGTH + 1), doc?.passwordHash ?? (await decoyPasswordHash()));
  if (!doc || !ok) {
    const lockedAccount = await recordFailure(keys[0]!, policies.account, now);
    const lockedAddress = await recordFailure(keys[1]!, policies.address, now);
    authLog.warn({ username, ip: input.ip, locked: Boolean(lockedAccount || lockedAddress) }, 'sign-in failed');
    await writeAudit({
      actor: 'system',
      action: 'staff.sign_in_failed',
      targetType: 'staff',
      targetId: username,
      details: { ip: input.ip, ...(lockedAccount ? { accountLockedUntil: lockedAccount } : {}), ...(lockedAddress ? { addressLockedUntil: lockedAddress } : {}) },
    }, now);
    throw new InvalidCredentialsError();
  }
  await clearThrottle(keys[0]!);
  const staff: ConsoleStaff = {
    id: String(doc._id),
    username: doc.username,
    displayName: doc.displayName,
    role: doc.role as StaffRole,
    departmentCode: doc.departmentCode ?? undefined,
  };
  await writeAudit({ actor: staff, action: 'staff.sign_in', targetType: 'staff', targetId: staff.id, details: { ip: input.ip } }, now);
  authLog.info({ username }, 'signed in');
  return staff;
}
