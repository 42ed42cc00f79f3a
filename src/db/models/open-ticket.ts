import { Schema, model } from 'mongoose';
import { ticketSummaryFields } from './ticket-summary.js';

/**
 * The open work of the queue: one entry per ticket that is new or in progress, `_id` = the
 * ticket's id, written after every change of the ticket and removed when it is answered or
 * closed. The queue reads this collection alone, so its cost follows the open tickets, not the
 * years of tickets kept (FerretDB reads a whole collection for any filter but `_id`).
 */
const openTicketSchema = new Schema(
  {
    _id: { type: String, required: true },
    ...ticketSummaryFields,
    question: { type: String, required: true },
  },
  { collection: 'open_tickets', versionKey: false },
);

export const OpenTicketModel = model('OpenTicket', openTicketSchema);
