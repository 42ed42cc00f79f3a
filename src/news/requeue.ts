import { OutboxMessageModel } from '../db/models/outbox-message.js';

/**
 * Removes a message the outbox held back because the person's window had closed, so the
 * same key can be queued again now that the person has written, at the end of their queue.
 * Only a `held` entry is removed (atomically), so a message that was sent or is still
 * pending is never queued a second time. Returns true when it was removed.
 */
export async function removeHeldMessage(key: string): Promise<boolean> {
  const result = await OutboxMessageModel.deleteOne({ key, status: 'held' });
  return result.deletedCount === 1;
}
