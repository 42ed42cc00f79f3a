import { Schema, model } from 'mongoose';

/**
 * Botkit/botbuilder conversation state. Stored as JSON text: dialog state has keys with dots
 * and dollar signs that are not valid field names.
 */
const dialogStateSchema = new Schema(
  {
    _id: { type: String, required: true },
    json: { type: String, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'dialog_state', versionKey: false },
);

export const DialogStateModel = model('DialogState', dialogStateSchema);
