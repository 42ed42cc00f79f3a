import { Schema, model } from 'mongoose';

const digestItemSchema = new Schema(
  {
    ticketId: { type: String, required: true },
    code: { type: String, required: true },
    kind: { type: String, required: true },
    topic: String,
    status: { type: String, required: true },
    dueAt: { type: Date, required: true },
    createdAt: { type: Date, required: true },
  },
  { _id: false },
);

/**
 * The daily list of a department's tickets that are overdue or due soon. `_id` is
 * `<departmentCode>:<local date>`, so a day's digest is built and mailed once however many
 * times the job runs that day. Holds ticket codes only, no personal data.
 */
const deadlineDigestSchema = new Schema(
  {
    _id: { type: String, required: true },
    departmentCode: { type: String, required: true },
    /** Local day `YYYY-MM-DD` in the department's time zone. */
    date: { type: String, required: true },
    generatedAt: { type: Date, required: true },
    /** Open tickets whose due date has passed. */
    overdue: { type: [digestItemSchema], default: [] },
    /** Open tickets due by the end of the look-ahead. */
    dueSoon: { type: [digestItemSchema], default: [] },
    /** Until when "due soon" looks ahead. */
    dueSoonUntil: { type: Date, required: true },
    mail: {
      /** `sent`, `not_configured` (no SMTP), `no_address` (department has no e-mail), `failed`. */
      status: { type: String, enum: ['pending', 'sent', 'not_configured', 'no_address', 'failed'], default: 'pending' },
      to: String,
      at: Date,
      error: String,
    },
  },
  { collection: 'deadline_digests', versionKey: false },
);
deadlineDigestSchema.index({ date: -1, departmentCode: 1 });

export const DeadlineDigestModel = model('DeadlineDigest', deadlineDigestSchema);
