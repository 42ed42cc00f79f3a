import { randomUUID } from 'node:crypto';
import { insertAll } from '../db/insert-all.js';
import { ContactModel } from '../db/models/contact.js';
import { OutboxMessageModel, OutboxRecordModel } from '../db/models/outbox-message.js';
import { numberedChoices } from '../channels/numbered-choices.js';
import { appendTranscriptLines, type NumberedLine } from '../services/transcript.js';
import { parseContactKey } from '../domain/vocabulary.js';
import type { OutboundMessage, SendPurpose } from '../channels/types.js';
import type { WakeOutbox } from './wake.js';

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
  /**
   * The caller holds the person's lease and sends it right after (a turn's replies, sent by
   * the inbox worker): the outbox worker is not woken for it, and sends it only if it is left.
   */
  sentByCaller?: boolean;
}

export interface EnqueueResult {
  key: string;
  /** False when an entry with this key already existed (nothing new was queued). */
  created: boolean;
}

/** Process-wide on purpose: one clock-based counter keeps every service's messages in creation order. */
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
 * `wake` is the enqueuing service's outbox wake-up, told once the message is stored.
 */
export async function enqueueMessage(input: EnqueueInput, wake: WakeOutbox, now = new Date()): Promise<EnqueueResult> {
  const [result] = await enqueueMessages([input], wake, now);
  return result!;
}

/**
 * Queues several messages for one person, in this order, with one write per collection
 * (records, queue entries, the contact, transcript lines) instead of one per message: a turn's
 * replies. `carriedLines` are lines of the person's already numbered (the message the turn
 * answers), written in the same insert as the replies' lines.
 */
export async function enqueueMessages(
  inputs: readonly EnqueueInput[],
  wake: WakeOutbox,
  now = new Date(),
  carriedLines: readonly NumberedLine[] = [],
): Promise<EnqueueResult[]> {
  const contactKey = inputs[0]?.contactKey;
  if (contactKey === undefined || inputs.some((input) => input.contactKey !== contactKey)) {
    throw new Error('enqueueMessages: every message must be for the same one person');
  }
  const { channel, userId } = parseContactKey(contactKey);
  const all = inputs.map((input) => {
    const key = input.key ?? `msg:${randomUUID()}`;
    return {
      input,
      fields: {
        _id: key,
        key,
        contactKey,
        channel,
        recipientId: userId,
        message: input.message,
        purpose: input.purpose,
        seq: nextSeq(now),
        createdAt: now,
        attempts: [],
        ...(input.ticketId === undefined ? {} : { ticketId: input.ticketId }),
        ...(input.broadcastId === undefined ? {} : { broadcastId: input.broadcastId }),
      },
    };
  });
  // The records first: a key queued before (a turn run again) is refused by its unique `_id`.
  const queuedBefore = await insertAll(
    OutboxRecordModel,
    all.map(({ fields }) => ({ ...fields, status: 'pending' })),
  );
  for (const index of queuedBefore) await requeueIfStranded(all[index]!.fields._id, wake);
  const fresh = all.filter((_, i) => !queuedBefore.has(i));
  if (fresh.length === 0) {
    await appendTranscriptLines(contactKey, carriedLines);
    return all.map(({ fields }) => ({ key: fields._id, created: false }));
  }
  // A duplicate entry (a concurrent enqueue of the same key) is the same message. But a
  // concurrent enqueue may also have queued it again (below) and seen it sent before this
  // insert lands: only the caller holding the person's lease knows no one else enqueues it.
  await insertAll(
    OutboxMessageModel,
    fresh.map(({ fields, input }) => ({ ...fields, nextAttemptAt: now, ...(input.sentByCaller ? {} : { checkRecord: true }) })),
  );
  // One write on the contact numbers the transcript lines and keeps the choices just offered.
  const contact = await ContactModel.findOneAndUpdate(
    { _id: contactKey },
    { $set: { lastChoices: numberedChoices(fresh.at(-1)!.input.message) }, $inc: { lineCount: fresh.length } },
    // No projection: FerretDB's findAndModify does not take one.
    { returnDocument: 'after' },
  ).lean();
  // A line for someone without a contact (not expected) is still kept, under a number no count reaches.
  const last = contact?.lineCount ?? -Date.now();
  const lines = fresh.map(({ input }, i) => ({
    n: last - fresh.length + 1 + i,
    line: {
      direction: 'out' as const,
      author: input.purpose === 'staff_answer' || input.purpose === 'staff_message' ? ('staff' as const) : ('bot' as const),
      staffId: input.staffId,
      text: input.message.text,
      at: now,
      ticketId: input.ticketId,
    },
  }));
  await appendTranscriptLines(contactKey, [...carriedLines, ...lines]);
  if (fresh.some(({ input }) => !input.sentByCaller)) wake();
  return all.map(({ fields }, i) => ({ key: fields._id, created: !queuedBefore.has(i) }));
}

/**
 * A key queued before: when its record is still pending but its queue entry is missing (the
 * first enqueue stopped between the two writes, or is between them now), queue it again,
 * marked so the worker checks the record before sending.
 */
async function requeueIfStranded(key: string, wake: WakeOutbox): Promise<void> {
  const record = await OutboxRecordModel.findById(key).lean();
  if (!record || record.status !== 'pending') return;
  const { status: _status, platformMessageId: _platformId, outcome: _outcome, sentAt: _sentAt, settledAt: _settledAt, ...fields } = record;
  await insertAll(OutboxMessageModel, [{ ...fields, nextAttemptAt: new Date(), checkRecord: true }]);
  wake();
}
