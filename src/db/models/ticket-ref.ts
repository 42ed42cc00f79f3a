import { Schema, model } from 'mongoose';

/**
 * Finds tickets by `_id` alone, so the bot and the console never search the tickets themselves
 * (FerretDB reads a whole collection for any filter but `_id` equality):
 * - `code:<KHCN-2026-00042>` → `ticketId`: the public code;
 * - `request:<requestKey>` → `ticketId`: the request that created it (written before the ticket);
 * - `person:<contactKey>` → `tickets`: every ticket of one person, oldest first.
 */
const personTicketSchema = new Schema({ id: { type: String, required: true }, code: { type: String, required: true } }, { _id: false });

const ticketRefSchema = new Schema(
  {
    _id: { type: String, required: true },
    ticketId: String,
    tickets: { type: [personTicketSchema], default: undefined },
  },
  { collection: 'ticket_refs', versionKey: false },
);

export const TicketRefModel = model('TicketRef', ticketRefSchema);
