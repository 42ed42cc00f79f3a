import { NotFoundError } from '../../errors.js';
import { TicketModel } from '../../db/models/ticket.js';
import { writeAudit, type StaffActor } from '../audit.js';
import { assertCanAccessTicket } from './access.js';
import { normaliseTicketCode } from './code.js';
import { ticketIdByCode, ticketsOfPerson } from './refs.js';
import { findByIds } from '../../db/by-id.js';
import type { TicketContext } from './context.js';
import { requireContactKey, requireTicketId } from './guards.js';
import { toTicketRecord, type TicketDoc, type TicketRecord } from './record.js';

/** Loads a ticket by id, or throws {@link NotFoundError}. No access check: internal use. */
export async function loadTicket(id: string): Promise<TicketRecord> {
  const doc = await TicketModel.findById(requireTicketId(id)).lean<TicketDoc>();
  if (!doc) throw new NotFoundError('Ticket');
  return toTicketRecord(doc);
}

/**
 * Finds a ticket by its public code (typed any way a person might: `khcn 2026 42`). With a
 * `contactKey`, only that person's own ticket is returned: someone else's code, like an
 * unknown one, gives {@link NotFoundError}, so codes cannot be probed.
 */
export async function findTicketByCode(code: string, contactKey?: string): Promise<TicketRecord> {
  const normalised = normaliseTicketCode(code);
  const id =
    contactKey === undefined ? await ticketIdByCode(normalised) : (await ticketsOfPerson(requireContactKey(contactKey))).find((t) => t.code === normalised)?.id;
  const doc = id ? await TicketModel.findById(id).lean<TicketDoc>() : null;
  if (!doc || (contactKey !== undefined && doc.contactKey !== contactKey)) throw new NotFoundError('Ticket');
  return toTicketRecord(doc);
}

export interface ListForContactOptions {
  /** Only tickets not closed yet (new, in progress, answered). */
  openOnly?: boolean;
  limit?: number;
}

/** A person's tickets, newest first (at most `limit`, default 20). Reads each by `_id`. */
export async function listTicketsForContact(contactKey: string, options: ListForContactOptions = {}): Promise<TicketRecord[]> {
  const refs = await ticketsOfPerson(requireContactKey(contactKey));
  const limit = Math.min(Math.max(Math.trunc(options.limit ?? 20), 1), 100);
  const docs = await findByIds<TicketDoc>(
    TicketModel,
    refs.map((r) => r.id),
  );
  return docs
    .filter((doc) => doc.contactKey === contactKey && (!options.openOnly || doc.status !== 'closed'))
    .sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0) || String(b._id).localeCompare(String(a._id)))
    .slice(0, limit)
    .map(toTicketRecord);
}

/**
 * Opens a ticket for a member of staff: checks access ({@link assertCanAccessTicket}) and
 * records the view in the audit log, since the page shows the person's contact details.
 */
export async function getTicketForStaff(tickets: TicketContext, id: string, actor: StaffActor, options: { now?: Date } = {}): Promise<TicketRecord> {
  const ticket = await loadTicket(id);
  assertCanAccessTicket(actor, ticket);
  await writeAudit({ actor, action: 'ticket.view', targetType: 'ticket', targetId: ticket.id }, options.now ?? tickets.clock());
  return ticket;
}

/** Like {@link getTicketForStaff}, by public code (the console's search box). */
export async function findTicketByCodeForStaff(tickets: TicketContext, code: string, actor: StaffActor, options: { now?: Date } = {}): Promise<TicketRecord> {
  const ticket = await findTicketByCode(code);
  assertCanAccessTicket(actor, ticket);
  await writeAudit({ actor, action: 'ticket.view', targetType: 'ticket', targetId: ticket.id }, options.now ?? tickets.clock());
  return ticket;
}
