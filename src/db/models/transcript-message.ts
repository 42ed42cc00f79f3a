import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * One line of a conversation, as the person and staff saw it. Erased with the person's data.
 * `_id` is `<contactKey>|<n>`: the person's lines are numbered 1, 2, 3, … by a count on their
 * contact, so the latest lines are read by `_id` (see services/transcript.ts), never searched.
 */
const transcriptMessageSchema = new Schema(
  {
    _id: { type: String, required: true },
    contactKey: { type: String, required: true },
    direction: { type: String, enum: ['in', 'out'], required: true },
    /** Who wrote an outbound line. */
    author: { type: String, enum: ['person', 'bot', 'staff'], required: true },
    staffId: String,
    text: { type: String, default: '' },
    attachments: { type: [{ type: { type: String }, url: String, name: String }], default: [] },
    at: { type: Date, required: true },
    ticketId: String,
  },
  { collection: 'messages', versionKey: false },
);
transcriptMessageSchema.index({ contactKey: 1, at: 1 });
transcriptMessageSchema.index({ at: 1 });

export type TranscriptMessage = InferSchemaType<typeof transcriptMessageSchema>;
export const TranscriptMessageModel = model('TranscriptMessage', transcriptMessageSchema);

/** The `_id` of a person's line number `n`. */
export function transcriptLineId(contactKey: string, n: number): string {
  return `${contactKey}|${n}`;
}
