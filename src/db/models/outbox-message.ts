import { Schema, model, type InferSchemaType } from 'mongoose';
import { CHANNELS } from './shared.js';

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

/**
 * A message waiting to reach a person. `key` is unique: a reply is keyed by the inbound event
 * and its position in the turn, so re-running a turn after a crash never sends it twice.
 */
const outboxMessageSchema = new Schema(
  {
    key: { type: String, required: true },
    contactKey: { type: String, required: true },
    channel: { type: String, enum: CHANNELS, required: true },
    recipientId: { type: String, required: true },
    /** The channel-neutral message (see channels/types.ts OutboundMessage). */
    message: { type: Schema.Types.Mixed, required: true },
    /** Why it is sent; decides which platform window rules apply. */
    purpose: { type: String, enum: ['reply', 'staff_answer', 'staff_message', 'broadcast', 'reminder', 'notice'], required: true },
    status: { type: String, enum: ['pending', 'sent', 'held', 'failed'], default: 'pending' },
    /** Creation order within one person's queue. */
    seq: { type: Number, required: true },
    attempts: { type: [attemptSchema], default: [] },
    nextAttemptAt: { type: Date, required: true },
    platformMessageId: String,
    /** Set when the message was held back or failed for good: a code and a human sentence. */
    outcome: { code: String, reason: String },
    ticketId: String,
    /** The news item it belongs to; such a message is withdrawn with the item (see outbox/withdrawals.ts). */
    broadcastId: String,
    createdAt: { type: Date, required: true },
    sentAt: Date,
  },
  { collection: 'outbox', versionKey: false },
);
outboxMessageSchema.index({ key: 1 }, { unique: true });
outboxMessageSchema.index({ status: 1, nextAttemptAt: 1 });
outboxMessageSchema.index({ contactKey: 1, status: 1, seq: 1 });
outboxMessageSchema.index({ ticketId: 1 });
outboxMessageSchema.index({ broadcastId: 1, status: 1 });

export type OutboxMessage = InferSchemaType<typeof outboxMessageSchema>;
export const OutboxMessageModel = model('OutboxMessage', outboxMessageSchema);
