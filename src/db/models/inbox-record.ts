import { Schema, model } from 'mongoose';
import { inboundEventFields } from './inbox-event.js';

/**
 * The record of every inbound event received, written before the webhook answers, under the
 * same `_id` as its inbox entry (`channel:eventId`). Its unique `_id` is how a redelivery is
 * recognised, whatever became of the event. The per-message path only inserts records and
 * updates them by `_id`; nothing on it filters this collection by anything else, so its size
 * (history) never slows a turn. Handled records are deleted after a few days (retention).
 */
const inboxRecordSchema = new Schema(
  {
    ...inboundEventFields(),
    /** `pending` until the turn ran (`done`) or the event was parked (`dead`). */
    status: { type: String, enum: ['pending', 'done', 'dead'], default: 'pending' },
    doneAt: Date,
  },
  { collection: 'inbox_history', versionKey: false },
);
inboxRecordSchema.index({ receivedAt: 1 });
inboxRecordSchema.index({ contactKey: 1 });

export const InboxRecordModel = model('InboxRecord', inboxRecordSchema);
