import { randomUUID } from 'node:crypto';
import { deleteOneWithOthers, updateOneWithOthers } from './batched-writes.js';
import { isDuplicateKey } from './connect.js';
import { LeaseModel } from './models/lease.js';
import { log } from '../log.js';

const leaseLog = log.child({ module: 'lease' });

/** This process's identity as a lease holder. */
export const instanceId = `${process.pid}-${randomUUID().slice(0, 8)}`;

/**
 * Takes the lease `name` for `ttlMs` if nobody holds it (or the holder's time ran out).
 * Returns true when this instance now holds it. Atomic across instances without transactions:
 * the conditional upsert either updates an expired lease, or inserts a new one and collides
 * on `_id` when another instance holds it.
 */
export async function acquireLease(name: string, ttlMs: number, owner = instanceId): Promise<boolean> {
  const now = new Date();
  try {
    // Taken together with the leases other people's turns take at the same time.
    await updateOneWithOthers(
      LeaseModel,
      { _id: name, $or: [{ until: { $lt: now } }, { owner }] },
      { $set: { owner, until: new Date(now.getTime() + ttlMs), acquiredAt: now } },
      { upsert: true },
    );
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

/** Extends a lease this instance holds; false when it was lost (expired and taken by another). */
export async function renewLease(name: string, ttlMs: number, owner = instanceId): Promise<boolean> {
  const result = await LeaseModel.updateOne({ _id: name, owner }, { $set: { until: new Date(Date.now() + ttlMs) } });
  return result.matchedCount === 1;
}

/** Gives a lease back early so another instance need not wait for it to expire. */
export async function releaseLease(name: string, owner = instanceId): Promise<void> {
  await deleteOneWithOthers(LeaseModel, { _id: name, owner });
}

/**
 * Runs `work` while holding the lease, renewing it in the background, and releases it after.
 * Returns `{ ran: false }` without running when another instance holds the lease.
 */
export async function withLease<T>(name: string, ttlMs: number, work: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> {
  if (!(await acquireLease(name, ttlMs))) return { ran: false };
  const renewTimer = setInterval(
    () => {
      // A failed renewal is not fatal here: the work finishes, and at worst another instance
      // may start after the lease expires. The lease is always released below.
      renewLease(name, ttlMs).catch((err: unknown) => leaseLog.warn({ err, lease: name }, 'lease renewal failed'));
    },
    Math.max(1_000, ttlMs / 3),
  );
  try {
    return { ran: true, value: await work() };
  } finally {
    clearInterval(renewTimer);
    await releaseLease(name).catch((err: unknown) => leaseLog.warn({ err, lease: name }, 'lease release failed; it expires on its own'));
  }
}
