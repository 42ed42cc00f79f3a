import { Schema, model, type InferSchemaType } from 'mongoose';
import { CHANNELS } from '../../domain/vocabulary.js';

const attemptSchema = new Schema(
  {
    at: { type: Date, required: true },
    ok: { type: Boolean, required: true },
    code: String,
    error: String,
    platformMessageId: String,
  },
  { _id: false },
);

/** Why a message is sent; decides which platform window rules apply. */
const SEND_PURPOSES = ['reply', 'staff_answer', 'staff_message', 'broadcast', 'reminder', 'notice'] as const;

/** The fields of a message for a person, shared by its queue entry and its record. */
function messageFields() {
  return {
    /** The idempotency key, also the `_id`: a reply is keyed by the inbound event and its position in the turn. */
    _id: { type: String, required: true },
    key: { type: String, required: true },
    contactKey: { type: String, required: true },
    channel: { type: String, enum: CHANNELS, required: true },
    recipientId: { type: String, required: true },
    /** The channel-neutral message (see channels/types.ts OutboundMessage). */
    message: { type: Schema.Types.Mixed, required: true },
    purpose: { type: String, enum: SEND_PURPOSES, required: true },
    /** Creation order within one person's queue. */
    seq: { type: Number, required: true },
    attempts: { type: [attemptSchema], default: [] },
    ticketId: String,
    /** The news item it belongs to; such a message is withdrawn with the item (see outbox/withdrawals.ts). */
    broadcastId: String,
    createdAt: { type: Date, required: true },
  } as const;
}

/**
 * A message waiting to reach a person: the outbox holds only this live work. Once sent, held
 * back or failed for good it is deleted from here, and its record (outbox_history) says what
 * became of it. `_id` is the message's key.
 */
const outboxMessageSchema = new Schema(
  {
    ...messageFields(),
    nextAttemptAt: { type: Date, required: true },
    /**
     * Queued by someone not holding the person's lease, so another enqueue of the same key may
     * have put it here too, and been sent already: the worker reads its record before sending.
     */
    checkRecord: Boolean,
  },
  { collection: 'outbox', versionKey: false },
);
outboxMessageSchema.index({ nextAttemptAt: 1 });
outboxMessageSchema.index({ contactKey: 1, seq: 1 });

/**
 * The record of every message queued for a person, written with its queue entry under the same
 * `_id` (the key), so a key is queued once ever; the outbox worker sets its outcome. The
 * per-message path only inserts records and updates them by `_id`. Staff pages read a ticket's
 * answers and a news item's messages by key.
 */
const outboxRecordSchema = new Schema(
  {
    ...messageFields(),
    status: { type: String, enum: ['pending', 'sent', 'held', 'failed'], default: 'pending' },
    platformMessageId: String,
    /** Set when the message was held back or failed for good: a code and a human sentence. */
    outcome: { code: String, reason: String },
    sentAt: Date,
    settledAt: Date,
  },
  { collection: 'outbox_history', versionKey: false },
);
outboxRecordSchema.index({ createdAt: 1 });
outboxRecordSchema.index({ contactKey: 1 });

export const OutboxMessageModel = model('OutboxMessage', outboxMessageSchema);
export type OutboxRecord = InferSchemaType<typeof outboxRecordSchema>;
export const OutboxRecordModel = model('OutboxRecord', outboxRecordSchema);
