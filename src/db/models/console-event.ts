import { Schema, model } from 'mongoose';

/**
 * Something staff should see at once in the console (a person's reply to an answered ticket,
 * a message in a taken-over conversation, a takeover ending). Written by whichever instance
 * handled it and read by every instance's event feed, so a browser connected to another
 * instance still hears of it. `_id` is an idempotency key: a retried turn records it once.
 * Kept for a day.
 */
const consoleEventSchema = new Schema(
  {
    _id: { type: String, required: true },
    at: { type: Date, required: true },
    type: { type: String, required: true },
    /** Department whose staff see it (admins see every one). */
    departmentCode: String,
    /** Member of staff it is meant for (the takeover holder), by username. */
    staffUsername: String,
    ticketId: String,
    contactKey: String,
    data: { type: Schema.Types.Mixed, default: {} },
  },
  { collection: 'console_events', versionKey: false },
);
consoleEventSchema.index({ at: 1 });

export const ConsoleEventModel = model('ConsoleEvent', consoleEventSchema);
