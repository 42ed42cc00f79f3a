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

/** Per account: 5 wrong passwords in 15 minutes lock it for 15 minutes (then 30, 60… up to a day). */
export const ACCOUNT_THROTTLE: ThrottlePolicy = { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000, maxLockMs: 24 * 3_600_000 };
/** Per IP address: 30 failures in 15 minutes (an office behind one address has room) lock it likewise. */
export const IP_THROTTLE: ThrottlePolicy = { maxFailures: 30, windowMs: 15 * 60_000, lockMs: 15 * 60_000, maxLockMs: 24 * 3_600_000 };

/** The throttle key of an account name (whether or not the account exists). */
export function accountKey(username: string): string {
  return `user:${username}`;
}

/** The throttle key of a client address. */
export function addressKey(ip: string): string {
  return `ip:${ip}`;
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

/** Forgets the failures and locks of `key` (after a successful sign-in, or an admin's unlock). */
export async function clearThrottle(key: string): Promise<void> {
  await LoginThrottleModel.deleteOne({ _id: String(key) });
}

/** Lock ends of the given account keys that are still locked (for the staff list). */
export async function activeLocks(keys: string[], now = new Date()): Promise<Map<string, Date>> {
  const docs = await LoginThrottleModel.find({ _id: { $in: keys.map(String) }, lockedUntil: { $gt: now } }, { lockedUntil: 1 }).lean();
  return new Map(docs.map((d) => [String(d._id), d.lockedUntil!]));
}

/** Removes entries untouched for a day (their windows and locks are long over). */
export async function sweepThrottle(now = new Date()): Promise<number> {
  const result = await LoginThrottleModel.deleteMany({
    updatedAt: { $lt: new Date(now.getTime() - 24 * 3_600_000) },
    $or: [{ lockedUntil: { $exists: false } }, { lockedUntil: { $lt: now } }],
  });
  return result.deletedCount;
}
