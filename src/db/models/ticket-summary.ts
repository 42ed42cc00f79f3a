import { Schema } from 'mongoose';
import { CHANNELS } from '../../domain/vocabulary.js';
import { TICKET_KINDS, TICKET_STATUSES } from './ticket.js';

/**
 * What the queue and the reports need of one ticket, copied from it at every change: no
 * contact details, no texts but the question (queue entries only).
 */
export const ticketSummaryFields = {
  code: { type: String, required: true },
  kind: { type: String, enum: TICKET_KINDS, required: true },
  topic: String,
  departmentCode: { type: String, required: true },
  status: { type: String, enum: TICKET_STATUSES, required: true },
  channel: { type: String, enum: CHANNELS, required: true },
  dueAt: { type: Date, required: true },
  createdAt: { type: Date, required: true },
  updatedAt: { type: Date, required: true },
} as const;

/** One ticket as the reports read it (see `ticket_months`). */
export const ticketReportRowSchema = new Schema(
  {
    id: { type: String, required: true },
    ...ticketSummaryFields,
    firstResponseAt: Date,
    resolvedAt: Date,
    ratingScore: Number,
    /** Absent once the person's data is erased. */
    contactKey: String,
  },
  { _id: false },
);
