import { Schema, model } from 'mongoose';
import { ticketReportRowSchema } from './ticket-summary.js';

/**
 * The tickets received in one local month (`_id` = `YYYY-MM`), as the reports read them: a
 * snapshot of every ticket's report row, complete up to change number `upTo` of the month's
 * log (`ticket_month_changes`). A yearly report reads 12 of these and the changes after each.
 * The rows hold no contact details; `contactKey` is kept until the person's data is erased.
 */
const ticketMonthSchema = new Schema(
  {
    _id: { type: String, required: true },
    upTo: { type: Number, required: true },
    /**
     * The rows as one JSON text (dates as milliseconds): FerretDB decodes every value of a
     * document it reads, so a year of rows as subdocuments took seconds, as one string little.
     */
    rows: { type: String, required: true },
    foldedAt: Date,
  },
  { collection: 'ticket_months', versionKey: false },
);

/**
 * The month's change log: entry `<YYYY-MM>#<n>` holds a ticket's report row after its n-th
 * recorded change in that month's tickets (numbers claimed by unique insert, see
 * `db/numbered-log.ts`). Entries folded into the snapshot are deleted, so this collection holds
 * only the changes not yet folded.
 */
const ticketMonthChangeSchema = new Schema(
  {
    _id: { type: String, required: true },
    row: { type: ticketReportRowSchema, required: true },
  },
  { collection: 'ticket_month_changes', versionKey: false },
);

export const TicketMonthModel = model('TicketMonth', ticketMonthSchema);
export const TicketMonthChangeModel = model('TicketMonthChange', ticketMonthChangeSchema);
