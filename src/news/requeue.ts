import { OutboxRecordModel } from '../db/models/outbox-message.js';

/**
 * Removes a message the outbox held back because the person's window had closed, so the
 * same key can be queued again (its record is what makes a key unique) now that the person has written, at the end of their queue.
 * Only a `held` entry is removed, so a message that was sent or is still
 * pending is never queued a second time. Returns true when it was removed.
 */
export async function removeHeldMessage(key: string): Promise<boolean> {
  // Read, then delete by `_id` alone (the only filter FerretDB finds without reading every
  // record). A held record is final: the outbox worker does not write it again.
  const record = await OutboxRecordModel.findById(key, { status: 1 }).lean();
  if (record?.status !== 'held') return false;
  const result = await OutboxRecordModel.deleteOne({ _id: key });
  return result.deletedCount === 1;
}
