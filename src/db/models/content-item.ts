import { Schema, model } from 'mongoose';

/** Who changed content and how it got there. */
export const CONTENT_SOURCES = ['files', 'console', 'restore', 'import'] as const;
export type ContentSource = (typeof CONTENT_SOURCES)[number];

const historySchema = new Schema(
  {
    version: { type: Number, required: true },
    at: { type: Date, required: true },
    by: { type: String, required: true },
    byName: { type: String, required: true },
    source: { type: String, enum: CONTENT_SOURCES, required: true },
    removed: { type: Boolean, default: false },
  },
  { _id: false },
);

/**
 * One published piece of content (an FAQ entry, a topic page, a legal document, an event, the
 * reception schedule, or a file's header), keyed `<kind>:<key>`. It holds the text exactly as
 * the content file holds it, as JSON (keys such as `$comment` cannot be field names), and the
 * list of its versions; each version's text is in `content_versions` under `<_id>#<version>`.
 */
const contentItemSchema = new Schema(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    key: { type: String, required: true },
    /** Place in its file when exported (files keep the order editors gave them). */
    order: { type: Number, required: true },
    /** The published value as JSON; null when the item was removed. */
    json: { type: String, default: null },
    version: { type: Number, required: true },
    publishedAt: { type: Date, required: true },
    publishedBy: { type: String, required: true },
    history: { type: [historySchema], default: [] },
    /** Hash of the file value this item was last taken from (see docs/content-editing.md). */
    fileHash: String,
    /** Set when the files carry a newer value than the one taken, but the item was edited in the console since. */
    fileConflict: { type: new Schema({ hash: String, json: String, at: Date }, { _id: false }), default: undefined },
  },
  { collection: 'content_items', versionKey: false },
);

export const ContentItemModel = model('ContentItem', contentItemSchema);
