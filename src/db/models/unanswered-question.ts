import { Schema, model } from 'mongoose';

export type UnansweredReason = 'no_match' | 'to_staff' | 'low_rating';
const UNANSWERED_STATUSES = ['open', 'drafted', 'ignored'] as const;

/**
 * A group of questions the bot could not answer well, keyed by their wording analysed as the
 * search analyses it (folded, stop words out, words sorted): "Phí kiểm định cân?" and "phi kiem
 * dinh can" are one group. Each question is one upsert by `_id`. No contact is stored.
 */
const unansweredQuestionSchema = new Schema(
  {
    _id: { type: String, required: true },
    /** The latest wording, as the person typed it. */
    text: { type: String, required: true },
    firstText: { type: String, required: true },
    language: { type: String, required: true },
    /** The topic the search leaned to, if any (a hint for the editor). */
    topic: String,
    count: { type: Number, required: true },
    reasons: { no_match: { type: Number, default: 0 }, to_staff: { type: Number, default: 0 }, low_rating: { type: Number, default: 0 } },
    firstAt: { type: Date, required: true },
    lastAt: { type: Date, required: true },
    status: { type: String, enum: UNANSWERED_STATUSES, required: true },
    /** The FAQ draft written from it. */
    draftId: String,
  },
  { collection: 'unanswered_questions', versionKey: false },
);

export const UnansweredQuestionModel = model('UnansweredQuestion', unansweredQuestionSchema);
