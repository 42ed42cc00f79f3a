import { Schema, model } from 'mongoose';
import { CHANNELS } from '../../domain/vocabulary.js';

/**
 * Where one person's copy of a news item stands:
 * - `planned`: not yet looked at by the sender;
 * - `queued`: handed to the outbox (key `news:<broadcastId>:<contactKey>`), at the scheduled
 *   time (`via: scheduled`) or at the person's next contact (`via: next_contact`);
 * - `sent`, `failed`: what the outbox reported;
 * - `waiting`: the channel window was closed; it goes at the person's next contact;
 * - `claimed`: taken by a next-contact turn, about to be queued;
 * - `expired`: the item expired before the person came back;
 * - `cancelled`: the person unsubscribed or the item was withdrawn.
 */
export const DELIVERY_STATUSES = ['planned', 'queued', 'sent', 'failed', 'waiting', 'claimed', 'expired', 'cancelled'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One person's copy of one news item. `_id` is `<broadcastId>:<contactKey>`: one per person, however often planning runs. */
const broadcastDeliverySchema = new Schema(
  {
    _id: { type: String, required: true },
    broadcastId: { type: String, required: true },
    contactKey: { type: String, required: true },
    channel: { type: String, enum: CHANNELS, required: true },
    status: { type: String, enum: DELIVERY_STATUSES, required: true },
    expiresAt: { type: Date, required: true },
    plannedAt: { type: Date, required: true },
    via: { type: String, enum: ['scheduled', 'next_contact'] },
    outboxKey: String,
    /** The inbound event whose turn claimed it (a retried turn finishes its own claim). */
    claimedBy: String,
    /** Code and sentence from the window rules or the platform. */
    outcome: { code: String, reason: String },
    updatedAt: Date,
  },
  { collection: 'broadcast_deliveries', versionKey: false },
);
// Sending, settling and progress go by item and status. Nothing needs a contactKey index:
// next-contact delivery looks a person's copy up by its _id, and each extra index slows the
// planning of a large item.
broadcastDeliverySchema.index({ broadcastId: 1, status: 1 });

export const BroadcastDeliveryModel = model('BroadcastDelivery', broadcastDeliverySchema);
