import { Schema, model } from 'mongoose';

/**
 * The news items being sent now: one entry per item in `sending`, `_id` = the item's id. The
 * news gate reads this on every message to find the items a person may be waiting for, so its
 * size is the items in flight (a handful), not every item staff ever wrote. The news job
 * brings it in line with the items' statuses on every pass.
 */
const newsSendingSchema = new Schema(
  {
    _id: { type: String, required: true },
    scheduledAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'news_sending', versionKey: false },
);

export const NewsSendingModel = model('NewsSending', newsSendingSchema);
