import { Schema, model } from 'mongoose';
import { CONTENT_SOURCES } from './content-item.js';

/** Every published version of a content item, `<item id>#<version>`, kept so any can be restored. */
const contentVersionSchema = new Schema(
  {
    _id: { type: String, required: true },
    item: { type: String, required: true },
    version: { type: Number, required: true },
    /** The value as JSON; null for a removal. */
    json: { type: String, default: null },
    at: { type: Date, required: true },
    by: { type: String, required: true },
    byName: { type: String, required: true },
    source: { type: String, enum: CONTENT_SOURCES, required: true },
  },
  { collection: 'content_versions', versionKey: false },
);

export const ContentVersionModel = model('ContentVersion', contentVersionSchema);
