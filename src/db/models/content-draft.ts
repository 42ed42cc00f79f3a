import { Schema, model } from 'mongoose';

const DRAFT_STATUSES = ['draft', 'review'] as const;
export type DraftStatus = (typeof DRAFT_STATUSES)[number];

/**
 * A change to one content item that nobody sees until a lead or admin publishes it; `_id` is
 * the item's id (`faq:do-luong-03`), so an item has at most one draft. Drafts are deleted on
 * publication or when discarded: the collection holds only work under way.
 */
const contentDraftSchema = new Schema(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    key: { type: String, required: true },
    json: { type: String, required: true },
    status: { type: String, enum: DRAFT_STATUSES, required: true },
    /** The published version it was started from; null for a new item. */
    baseVersion: { type: Number, default: null },
    createdAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
    updatedAt: { type: Date, required: true },
    updatedBy: { type: String, required: true },
    updatedByName: { type: String, required: true },
    /** Where it came from: an unanswered question (its key) or an officer's answer (the ticket id). */
    origin: { type: new Schema({ kind: { type: String, enum: ['unanswered', 'ticket'] }, ref: String }, { _id: false }), default: undefined },
  },
  { collection: 'content_drafts', versionKey: false },
);

export const ContentDraftModel = model('ContentDraft', contentDraftSchema);
