import { randomUUID } from 'node:crypto';
import { isDuplicateKey } from '../db/connect.js';
import { ContactModel } from '../db/models/contact.js';
import { OutboxMessageModel, OutboxRecordModel } from '../db/models/outbox-message.js';
import { numberedChoices } from '../channels/numbered-choices.js';
import { appendTranscriptLine } from '../services/transcript.js';
import { parseContactKey } from '../domain/vocabulary.js';
import type { OutboundMessage, SendPurpose } from '../channels/types.js';
import { wakeOutbox } from './wake.js';

export interface EnqueueInput {
  /** `${channel}:${userId}` of the person. */
  contactKey: string;
  message: OutboundMessage;
  purpose: SendPurpose;
  /**
   * Idempotency key. The same key is stored once: enqueueing it again returns the existing
   * entry. Replies use `${inboxEventId}#${n}`; omit it for one-off messages.
   */
  key?: string;
  ticketId?: string;
  broadcastId?: string;
  /** Staff member who wrote it (for the transcript), when `purpose` is a staff one. */
  staffId?: string;
}

export interface EnqueueResult {
  key: string;
  /** False when an entry with this key already existed (nothing new was queued). */
  created: boolean;
}

let lastSeq = 0;
/**
 * Creation order for the outbox: microseconds since the epoch, strictly increasing in this
 * process. Turns for one person never run in two places at once, so this orders each
 * person's messages without a shared counter (and without a database round trip).
 */
function nextSeq(now: Date): number {
  lastSeq = Math.max(lastSeq + 1, now.getTime() * 1000);
  return lastSeq;
}

/**
 * Queues a message for a person, durably, in their per-person order. Returns once it is
 * stored; the outbox worker sends it, applying the channel's window rules and retries.
 * A key is queued once ever: its record (outbox_history) is written first and its unique `_id`
 * refuses a second one, whatever became of the first. Also records the line in the person's
 * transcript and the choices it offers (so a typed "2" can be read as the second choice).
 */
export async function enqueueMessage(input: EnqueueInput, now = new Date()): Promise<EnqueueResult> {
  const key = input.key ?? `msg:${randomUUID()}`;
  const { channel, userId } = parseContactKey(input.contactKey);
  const fields = {
    _id: key,
    key,
    contactKey: input.contactKey,
    channel,
    recipientId: userId,
    message: input.message,
    purpose: input.purpose,
    seq: nextSeq(now),
    ticketId: input.ticketId,
    broadcastId: input.broadcastId,
    createdAt: now,
  };
  try {
    await OutboxRecordModel.create({ ...fields, status: 'pending' });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    await requeueIfStranded(key);
    return { key, created: false };
  }
  await queueEntry({ ...fields, nextAttemptAt: now });
  // One write on the contact numbers the transcript line and keeps the choices just offered.
  const contact = await ContactModel.findOneAndUpdate(
    { _id: input.contactKey },
    { $set: { lastChoices: numberedChoices(input.message) }, $inc: { lineCount: 1 } },
    // No projection: FerretDB's findAndModify does not take one.
    { returnDocument: 'after' },
  ).lean();
  await appendTranscriptLine(
    input.contactKey,
    {
      direction: 'out',
      author: input.purpose === 'staff_answer' || input.purpose === 'staff_message' ? 'staff' : 'bot',
      staffId: input.staffId,
      text: input.message.text,
      at: now,
      ticketId: input.ticketId,
    },
    contact?.lineCount ?? undefined,
  );
  wakeOutbox();
  return { key, created: true };
}

/** Inserts the queue entry; one already there (a concurrent enqueue of the same key) is the same message. */
async function queueEntry(entry: Record<string, unknown>): Promise<void> {
  try {
    await OutboxMessageModel.create(entry);
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
}

/**
 * A key queued before: when its record is still pending but its queue entry is missing (the
 * first enqueue stopped between the two writes), queue it again, marked so the worker checks
 * the record before sending.
 */
async function requeueIfStranded(key: string): Promise<void> {
  const record = await OutboxRecordModel.findById(key).lean();
  if (!record || record.status !== 'pending') return;
  const { status: _status, platformMessageId: _platformId, outcome: _outcome, sentAt: _sentAt, settledAt: _settledAt, ...fields } = record;
  await queueEntry({ ...fields, nextAttemptAt: new Date(), recovered: true });
  wakeOutbox();
}
