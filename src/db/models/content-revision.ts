import { Schema, model } from 'mongoose';

/**
 * One small document (`_id: "published"`) whose token changes on every publication. Every
 * instance reads it by `_id` every few seconds and reloads the content when it changed.
 */
const contentRevisionSchema = new Schema(
  {
    _id: { type: String, required: true },
    token: { type: String, required: true },
    at: { type: Date, required: true },
    by: { type: String, required: true },
  },
  { collection: 'content_revision', versionKey: false },
);

export const ContentRevisionModel = model('ContentRevision', contentRevisionSchema);
