import { Schema, model } from 'mongoose';

/**
 * A change an admin made to the working calendar, on top of `content/calendar.json`: a day
 * off added (`holiday`), a listed day off removed (`working`), or a Saturday made a working
 * day (`extra_working`). One entry per local date; the latest change wins.
 */
const calendarEditSchema = new Schema(
  {
    /** Local date `YYYY-MM-DD`. */
    _id: { type: String, required: true },
    change: { type: String, enum: ['holiday', 'working', 'extra_working'], required: true },
    name: String,
    editedAt: { type: Date, required: true },
    editedBy: { type: String, required: true },
  },
  { collection: 'calendar_edits', versionKey: false },
);

export const CalendarEditModel = model('CalendarEdit', calendarEditSchema);
