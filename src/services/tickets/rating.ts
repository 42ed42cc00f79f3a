import { InputError, NotFoundError } from '../../errors.js';
import { TicketModel } from '../../db/models/ticket.js';
import { normaliseTicketCode } from './code.js';
import { recordTicketState } from './copies.js';
import { ticketsOfPerson } from './refs.js';
import type { TicketContext } from './context.js';
import { requireContactKey, requireText } from './guards.js';
import { toTicketRecord, type TicketDoc, type TicketRecord } from './record.js';
import { stateError } from './staff-update.js';

export interface RateOptions {
  /** The person rating; only their own ticket can be rated. */
  contactKey: string;
  comment?: string;
  now?: Date;
}

/**
 * Stores the person's 1–5 satisfaction rating (and optional comment) of an answered or
 * closed ticket, given by code or id. Rating again replaces the earlier rating. Someone
 * else's ticket gives {@link NotFoundError}.
 */
export async function rateTicket(tickets: TicketContext, ref: string, score: number, options: RateOptions): Promise<TicketRecord> {
  const contactKey = requireContactKey(options.contactKey);
  if (!Number.isInteger(score) || score < 1 || score > 5) throw new InputError('rating must be a whole number from 1 to 5');
  const comment = requireText(options.comment, 'comment', { max: 1_000, optional: true });
  if (typeof ref !== 'string') throw new InputError('ticket must be given by code or id');
  const byId = /^[0-9a-f]{24}$/i.test(ref);
  const now = options.now ?? tickets.clock();
  // Found by `_id` (the id, or the person's own list for a code), then checked here: a filter
  // on anything but `_id` would make FerretDB read every ticket.
  const id = byId ? ref.toLowerCase() : (await ticketsOfPerson(contactKey)).find((t) => t.code === normaliseTicketCode(ref))?.id;
  const ticket = id ? await TicketModel.findById(id, { contactKey: 1, status: 1 }).lean() : null;
  if (!ticket || ticket.contactKey !== contactKey) throw new NotFoundError('Ticket');
  if (ticket.status !== 'answered' && ticket.status !== 'closed') throw stateError('The ticket has no answer yet to rate');
  const doc = await TicketModel.findOneAndUpdate(
    { _id: id },
    {
      $set: { rating: { score, comment, at: now }, updatedAt: now },
      $push: { history: { at: now, actor: 'person', action: 'rated', note: String(score) } },
    },
    { returnDocument: 'after', timestamps: false },
  ).lean<TicketDoc>();
  if (!doc) throw new NotFoundError('Ticket');
  const updated = toTicketRecord(doc);
  await recordTicketState(updated, tickets.calendar.timezone);
  return updated;
}
