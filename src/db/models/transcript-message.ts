import { Schema, model, type InferSchemaType } from 'mongoose';

/** One line of a conversation, as the person and staff saw it. Erased with the person's data. */
const transcriptMessageSchema = new Schema(
  {
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
