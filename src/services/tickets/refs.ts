import { isDuplicateKey } from '../../db/connect.js';
import { TicketRefModel } from '../../db/models/ticket-ref.js';

const codeRef = (code: string): string => `code:${code}`;
const requestRef = (requestKey: string): string => `request:${requestKey}`;
const personRef = (contactKey: string): string => `person:${contactKey}`;

async function insertRef(doc: { _id: string; ticketId: string }): Promise<string> {
  try {
    await TicketRefModel.create(doc);
    return doc.ticketId;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const existing = await TicketRefModel.findById(doc._id, { ticketId: 1 }).lean();
    return existing?.ticketId ?? doc.ticketId;
  }
}

/**
 * Claims `requestKey` for the ticket id `ticketId` (chosen before the ticket is stored) and
 * returns the id it belongs to: `ticketId`, or the id an earlier attempt of the same request
 * claimed, which the caller then reuses, so a retried request makes one ticket.
 */
export function claimRequestKey(requestKey: string, ticketId: string): Promise<string> {
  return insertRef({ _id: requestRef(requestKey), ticketId });
}

/** Records the code and the person of a stored ticket. Idempotent (a retry writes nothing new). */
export async function recordTicketRefs(ticket: { id: string; code: string; contactKey?: string }): Promise<void> {
  await insertRef({ _id: codeRef(ticket.code), ticketId: ticket.id });
  if (!ticket.contactKey) return;
  // Only ticket creation writes a person's list, in that person's turn: no concurrent writer.
  const person = await TicketRefModel.findById(personRef(ticket.contactKey), { tickets: 1 }).lean();
  if (person?.tickets?.some((t) => t.id === ticket.id)) return;
  await TicketRefModel.updateOne({ _id: personRef(ticket.contactKey) }, { $push: { tickets: { id: ticket.id, code: ticket.code } } }, { upsert: true });
}

/** The id of the ticket with this (normalised) code, if there is one. */
export async function ticketIdByCode(code: string): Promise<string | undefined> {
  return (await TicketRefModel.findById(codeRef(code), { ticketId: 1 }).lean())?.ticketId ?? undefined;
}

/** The ids and codes of a person's tickets, oldest first. */
export async function ticketsOfPerson(contactKey: string): Promise<{ id: string; code: string }[]> {
  const person = await TicketRefModel.findById(personRef(contactKey), { tickets: 1 }).lean();
  return (person?.tickets ?? []).map((t) => ({ id: String(t.id), code: String(t.code) }));
}

/** Forgets which tickets were a person's (their data was erased; the tickets stay, anonymised). */
export async function forgetPerson(contactKey: string): Promise<void> {
  await TicketRefModel.deleteOne({ _id: personRef(contactKey) });
}
