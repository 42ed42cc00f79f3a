// What other parts of the service may ask of the outbox: each question answered here by `_id`
// (or, for jobs that sweep, by the filter they need), so the outbox's two collections are
// queried from one folder.
import type { ProjectionType } from 'mongoose';
import { findByIds } from '../db/by-id.js';
import { OutboxMessageModel, OutboxRecordModel } from '../db/models/outbox-message.js';

export type { OutboxRecord } from '../db/models/outbox-message.js';

/** Fields of a message to read, as a projection of its record. */
type Fields = ProjectionType<never>;

/** The record of one message by key (`outbox_history`), or null; one `_id` lookup. */
export async function findOutboxRecord<T>(key: string, fields: Fields): Promise<T | null> {
  return OutboxRecordModel.findById(key, fields).lean<T>();
}

/** The records of these keys, in no particular order; `_id` lookups only. */
export async function findOutboxRecords<T>(keys: readonly string[], fields: Fields): Promise<T[]> {
  return findByIds<T>(OutboxRecordModel, keys, fields);
}

/**
 * One message by key: its queue entry while it waits (with the attempts so far; `queued`),
 * else its record. Two `_id` lookups, whatever the history holds.
 */
export async function findOutboxMessage<T>(key: string, fields: Fields): Promise<{ row: T; queued: boolean } | null> {
  const entry = await OutboxMessageModel.findById(key, fields).lean<T>();
  if (entry) return { row: entry, queued: true };
  const record = await OutboxRecordModel.findById(key, fields).lean<T>();
  return record ? { row: record, queued: false } : null;
}

/** Whether any message of this news item still waits in the outbox (which holds only live work). */
export async function hasQueuedNewsMessages(broadcastId: string): Promise<boolean> {
  return (await OutboxMessageModel.exists({ broadcastId })) !== null;
}

/** How many messages wait to be sent. */
export async function queuedMessageCount(): Promise<number> {
  return OutboxMessageModel.estimatedDocumentCount();
}

/**
 * Removes a message the outbox held back because the person's window had closed, so the
 * same key can be queued again (its record is what makes a key unique) now that the person
 * has written, at the end of their queue. Only a `held` record is removed, so a message that
 * was sent or is still pending is never queued a second time. Returns true when it was removed.
 */
export async function removeHeldMessage(key: string): Promise<boolean> {
  // Read, then delete by `_id` alone (the only filter FerretDB finds without reading every
  // record). A held record is final: the outbox worker does not write it again.
  const record = await OutboxRecordModel.findById(key, { status: 1 }).lean();
  if (record?.status !== 'held') return false;
  const result = await OutboxRecordModel.deleteOne({ _id: key });
  return result.deletedCount === 1;
}

/** Erasure: the text of a person's delivered or failed messages; those still waiting keep theirs so they can go out. */
export async function blankSettledMessagesOf(contactKey: string): Promise<number> {
  const result = await OutboxRecordModel.updateMany({ contactKey, status: { $in: ['sent', 'failed'] } }, { $set: { message: { text: '' } } });
  return result.modifiedCount;
}

/** Retention: deletes the records of messages settled (sent, held or failed) and created before `cutoff`. */
export async function deleteSettledRecordsBefore(cutoff: Date): Promise<number> {
  const result = await OutboxRecordModel.deleteMany({ createdAt: { $lt: cutoff }, status: { $in: ['sent', 'held', 'failed'] } });
  return result.deletedCount;
}
