import { randomUUID } from 'node:crypto';
import { isDuplicateKey } from '../db/connect.js';
import { OutboxMessageModel } from '../db/models/outbox-message.js';
import { TranscriptMessageModel } from '../db/models/transcript-message.js';
import { parseContactKey } from '../db/models/shared.js';
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
 * Also records the line in the person's transcript.
 */
export async function enqueueMessage(input: EnqueueInput, now = new Date()): Promise<EnqueueResult> {
  const key = input.key ?? `msg:${randomUUID()}`;
  const { channel, userId } = parseContactKey(input.contactKey);
  const seq = nextSeq(now);
  try {
    await OutboxMessageModel.create({
      key,
      contactKey: input.contactKey,
      channel,
      recipientId: userId,
      message: input.message,
      purpose: input.purpose,
      status: 'pending',
      seq,
      nextAttemptAt: now,
      ticketId: input.ticketId,
      broadcastId: input.broadcastId,
      createdAt: now,
    });
  } catch (err) {
    if (isDuplicateKey(err)) return { key, created: false };
    throw err;
  }
  await TranscriptMessageModel.create({
    contactKey: input.contactKey,
    direction: 'out',
    author: input.purpose === 'staff_answer' || input.purpose === 'staff_message' ? 'staff' : 'bot',
    staffId: input.staffId,
    text: input.message.text,
    at: now,
    ticketId: input.ticketId,
  });
  wakeOutbox();
  return { key, created: true };
}
