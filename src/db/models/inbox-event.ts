import { Schema, model, type InferSchemaType } from 'mongoose';
import { CHANNELS } from './shared.js';

/**
 * A verified inbound event, stored before the webhook answers. Unique per channel and
 * platform event id, so a redelivery is recognised and not processed again.
 */
const inboxEventSchema = new Schema(
  {
    channel: { type: String, enum: CHANNELS, required: true },
    eventId: { type: String, required: true },
    contactKey: { type: String, required: true },
    /** The normalised event (see channels/types.ts), raw platform payload included. */
    event: { type: Schema.Types.Mixed, required: true },
    /** Platform time of the event, for per-person order. */
    occurredAt: { type: Date, required: true },
    receivedAt: { type: Date, required: true },
    status: { type: String, enum: ['pending', 'done', 'dead'], default: 'pending' },
    attempts: { type: Number, default: 0 },
    nextAttemptAt: { type: Date, required: true },
    lastError: String,
    doneAt: Date,
  },
  { collection: 'inbox', versionKey: false },
);
inboxEventSchema.index({ channel: 1, eventId: 1 }, { unique: true });
inboxEventSchema.index({ status: 1, nextAttemptAt: 1 });
inboxEventSchema.index({ contactKey: 1, status: 1, occurredAt: 1 });

export type InboxEvent = InferSchemaType<typeof inboxEventSchema>;
export const InboxEventModel = model('InboxEvent', inboxEventSchema);
