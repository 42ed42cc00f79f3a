import { nextCounterValue } from '../db/models/counter.js';
import { OutboxMessageModel } from '../db/models/outbox-message.js';

/**
 * Sends again a message the outbox held back because the person's window was closed, now
 * that the person has written: it goes back to `pending` at the end of their queue (a new
 * sequence number, so it follows what was queued before it in this turn). Only a `held`
 * entry changes, so a message that was sent or is still pending is never sent twice.
 * Returns true when the entry was released.
 */
export async function releaseHeldMessage(key: string, now: Date): Promise<boolean> {
  const held = await OutboxMessageModel.findOne({ key, status: 'held' }, { _id: 1 }).lean();
  if (!held) return false;
  const seq = await nextCounterValue('outbox-seq');
  const result = await OutboxMessageModel.updateOne(
    { _id: held._id, status: 'held' },
    { $set: { status: 'pending', seq, nextAttemptAt: now }, $unset: { outcome: 1 } },
  );
  return result.modifiedCount === 1;
}
