import { Schema, model, type InferSchemaType } from 'mongoose';
import { CHANNELS } from '../../domain/vocabulary.js';

/** The fields of an inbound event, shared by its inbox entry and its record (inbox-record.ts). */
export function inboundEventFields() {
  return {
    /** `inboundEventKey(channel, eventId)`: one per channel and platform event id. */
    _id: { type: String, required: true },
    channel: { type: String, enum: CHANNELS, required: true },
    eventId: { type: String, required: true },
    contactKey: { type: String, required: true },
    /** The normalised event (see channels/types.ts), raw platform payload included. */
    event: { type: Schema.Types.Mixed, required: true },
    /** Platform time of the event, for per-person order. */
    occurredAt: { type: Date, required: true },
    receivedAt: { type: Date, required: true },
    attempts: { type: Number, default: 0 },
    lastError: String,
  } as const;
}

/**
 * A verified inbound event waiting for its turn (or parked as `dead` for an operator). The
 * collection holds only this live work: a handled event is deleted from it, and its record
 * lives on in `inbox_history` (see inbox-record.ts).
 */
const inboxEventSchema = new Schema(
  {
    ...inboundEventFields(),
    status: { type: String, enum: ['pending', 'dead'], default: 'pending' },
    nextAttemptAt: { type: Date, required: true },
    /**
     * Queued again from a redelivery whose first store stopped half-way: the worker checks the
     * event's record before the turn, in case it was handled meanwhile.
     */
    recovered: Boolean,
  },
  { collection: 'inbox', versionKey: false },
);
inboxEventSchema.index({ status: 1, nextAttemptAt: 1 });
inboxEventSchema.index({ contactKey: 1, status: 1, occurredAt: 1 });

export type InboxEvent = InferSchemaType<typeof inboxEventSchema>;
export const InboxEventModel = model('InboxEvent', inboxEventSchema);

/** The `_id` of an inbound event in the inbox and its history: one per channel and platform event id. */
export function inboundEventKey(channel: string, eventId: string): string {
  return `${channel}:${eventId}`;
}
