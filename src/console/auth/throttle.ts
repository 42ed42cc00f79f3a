import { LoginThrottleModel } from '../../db/models/login-throttle.js';

/** When repeated failures from one source lock it, and for how long. */
export interface ThrottlePolicy {
  /** Failures within `windowMs` that lock the source. */
  maxFailures: number;
  windowMs: number;
  /** First lock; each further lock in a row doubles it, up to `maxLockMs`. */
  lockMs: number;
  maxLockMs: number;
}

/**
 * Per account name from one client network: 5 wrong passwords in 15 minutes lock that account
 * at that address for 15 minutes (then 30, 60… up to a day). The owner signing in from
 * anywhere else is not locked out by a stranger's guesses.
 */
export const ACCOUNT_THROTTLE: ThrottlePolicy = { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000, maxLockMs: 24 * 3_600_000 };
/** Per client network (IPv4 address, IPv6 /64): 30 failures in 15 minutes (an office behind one address has room) lock it likewise. */
export const IP_THROTTLE: ThrottlePolicy = { maxFailures: 30, windowMs: 15 * 60_000, lockMs: 15 * 60_000, maxLockMs: 24 * 3_600_000 };

/**
 * Per account from everywhere: past `afterFailures` wrong passwords within `windowMs`, each
 * further attempt on the account waits `delayMs` (doubling with every further `afterFailures`
 * failures, up to `maxDelayMs`) before its password is checked. A correct password still signs
 * in, only later: guessing from many addresses slows down, and nobody can lock the owner out.
 */
export interface AccountSlowdown {
  afterFailures: number;
  windowMs: number;
  delayMs: number;
  maxDelayMs: number;
}

export const ACCOUNT_SLOWDOWN: AccountSlowdown = { afterFailures: 10, windowMs: 15 * 60_000, delayMs: 1_000, maxDelayMs: 10_000 };

/** The throttle key counting an account name's failures from everywhere (whether or not the account exists). */
export function accountKey(username: string): string {
  return `user:${username}`;
}

/** The throttle key of an account name tried from one client network. */
export function accountAtKey(username: string, network: string): string {
  return `pair:${username}@${network}`;
}

/** The throttle key of a client network. */
export function addressKey(network: string): string {
  return `ip:${network}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The pair keys of every address an account name was tried from. */
function pairsOf(accountKeyValue: string): RegExp {
  return new RegExp(`^pair:${escapeRegExp(accountKeyValue.slice('user:'.length))}@`);
}

/** How long an attempt on this account waits first ({@link AccountSlowdown}); 0 normally. */
export async function accountDelayMs(username: string, policy: AccountSlowdown, now = new Date()): Promise<number> {
  const doc = await LoginThrottleModel.findById(accountKey(username), { failures: 1, windowStart: 1 }).lean();
  if (!doc || doc.windowStart.getTime() < now.getTime() - policy.windowMs || doc.failures < policy.afterFailures) return 0;
  const steps = Math.floor(doc.failures / policy.afterFailures) - 1;
  return Math.min(policy.delayMs * 2 ** steps, policy.maxDelayMs);
}

/** Milliseconds until the longest lock among `keys` ends; 0 when none is locked. */
export async function lockRemainingMs(keys: string[], now = new Date()): Promise<number> {
  const docs = await LoginThrottleModel.find({ _id: { $in: keys.map(String) } }, { lockedUntil: 1 }).lean();
  return Math.max(0, ...docs.map((d) => (d.lockedUntil ? d.lockedUntil.getTime() - now.getTime() : 0)));
}

/**
 * Counts one failure against `key` and locks it when the policy says so. Returns the lock's
 * end when this failure locked it. Works across instances: the count is kept in MongoDB.
 */
export async function recordFailure(key: string, policy: ThrottlePolicy, now = new Date()): Promise<Date | undefined> {
  const doc = await LoginThrottleModel.findOneAndUpdate(
    { _id: key },
    { $inc: { failures: 1 }, $setOnInsert: { windowStart: now, locks: 0 }, $set: { updatedAt: now } },
    { upsert: true, returnDocument: 'after' },
  ).lean();
  if (!doc) return undefined;
  let failures = doc.failures;
  if (doc.windowStart.getTime() < now.getTime() - policy.windowMs) {
    // The window ran out: this failure starts a new count.
    await LoginThrottleModel.updateOne({ _id: key }, { $set: { failures: 1, windowStart: now } });
    failures = 1;
  }
  if (failures < policy.maxFailures) return undefined;
  const locks = doc.locks ?? 0;
  const lockedUntil = new Date(now.getTime() + Math.min(policy.lockMs * 2 ** locks, policy.maxLockMs));
  await LoginThrottleModel.updateOne({ _id: key }, { $set: { lockedUntil, failures: 0, windowStart: now, locks: locks + 1 } });
  return lockedUntil;
}

/**
 * Forgets the failures and locks of `key` (after a successful sign-in, or an admin's unlock);
 * for an account key also the account's locks at every address.
 */
export async function clearThrottle(key: string): Promise<void> {
  await LoginThrottleModel.deleteOne({ _id: String(key) });
  if (String(key).startsWith('user:')) await LoginThrottleModel.deleteMany({ _id: { $regex: pairsOf(String(key)) } });
}

/**
 * For the staff list: per account key, the latest end of a lock the account has at some
 * address, for those still locked.
 */
export async function activeLocks(keys: string[], now = new Date()): Promise<Map<string, Date>> {
  const locks = new Map<string, Date>();
  if (keys.length === 0) return locks;
  const docs = await LoginThrottleModel.find({ _id: { $regex: /^pair:/ }, lockedUntil: { $gt: now } }, { lockedUntil: 1 }).lean();
  for (const key of keys) {
    const pattern = pairsOf(String(key));
    for (const doc of docs) {
      if (!pattern.test(String(doc._id))) continue;
      const previous = locks.get(key);
      if (!previous || previous < doc.lockedUntil!) locks.set(key, doc.lockedUntil!);
    }
  }
  return locks;
}

/** Removes entries untouched for a day (their windows and locks are long over). */
export async function sweepThrottle(now = new Date()): Promise<number> {
  const result = await LoginThrottleModel.deleteMany({
    updatedAt: { $lt: new Date(now.getTime() - 24 * 3_600_000) },
    $or: [{ lockedUntil: { $exists: false } }, { lockedUntil: { $lt: now } }],
  });
  return result.deletedCount;
}
