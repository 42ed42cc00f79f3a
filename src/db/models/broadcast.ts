import { Schema, model } from 'mongoose';

const BROADCAST_STATUSES = ['scheduled', 'planning', 'sending', 'done', 'cancelled'] as const;
export type BroadcastStatus = (typeof BROADCAST_STATUSES)[number];

/**
 * A news item for the subscribers of one topic. At `scheduledAt` one delivery per subscriber
 * is planned (see broadcast-delivery.ts); people whose channel window is open get it then,
 * the others at their next contact until `expiresAt`.
 */
const broadcastSchema = new Schema(
  {
    topic: { type: String, required: true },
    title: { type: String, required: true },
    text: { type: String, required: true },
    link: { url: String, title: String },
    imageUrl: String,
    scheduledAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    status: { type: String, enum: BROADCAST_STATUSES, default: 'scheduled' },
    planStartedAt: Date,
    plannedAt: Date,
    /** How many deliveries planning created (the people targeted), counted as they are stored. */
    targeted: { type: Number, default: 0 },
    doneAt: Date,
    createdBy: { type: String, required: true },
    cancelledBy: String,
    cancelledAt: Date,
  },
  { timestamps: true, collection: 'broadcasts' },
);
broadcastSchema.index({ status: 1, scheduledAt: 1 });
broadcastSchema.index({ createdAt: -1 });

export const BroadcastModel = model('Broadcast', broadcastSchema);
