import { Schema, model } from 'mongoose';

/**
 * Which ticket and department a live takeover was started from, keyed by the person's
 * contact key. The contact's own `takeover` field decides whether the bot is quiet; this
 * record lets the console link the conversation to its ticket and show it to the department.
 */
const takeoverRecordSchema = new Schema(
  {
    _id: { type: String, required: true },
    ticketId: { type: String, required: true },
    ticketCode: { type: String, required: true },
    departmentCode: { type: String, required: true },
    staffUsername: { type: String, required: true },
    since: { type: Date, required: true },
  },
  { collection: 'console_takeovers', versionKey: false },
);

export const TakeoverRecordModel = model('TakeoverRecord', takeoverRecordSchema);
