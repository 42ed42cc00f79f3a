import type { UpdateQuery } from 'mongoose';
import { InputError } from '../../errors.js';
import { TicketModel, type TicketStatus } from '../../db/models/ticket.js';
import { writeAudit, type StaffActor } from '../audit.js';
import { assertCanAccessTicket } from './access.js';
import type { TicketContext } from './context.js';
import { recordTicketState } from './copies.js';
import { syncQueueEntry } from './queue-entry.js';
import { loadTicket } from './read.js';
import { toTicketRecord, type TicketDoc, type TicketRecord } from './record.js';

/** Statuses in which a ticket can take this action, and what the action changes. */
export interface StaffChange {
  /** Audit action, e.g. `ticket.close`. */
  action: string;
  allowedFrom: readonly TicketStatus[];
  /** Sentence for a ticket in another status, e.g. "the ticket is already closed". */
  refusal: (ticket: TicketRecord) => string;
  /** The update to apply; `updatedAt` is added. */
  update: (ticket: TicketRecord, now: Date) => UpdateQuery<unknown>;
  /** Audit details (never the person's contact details). */
  details?: (ticket: TicketRecord) => Record<string, unknown>;
}

/** An action refused because of the ticket's current state (HTTP 409). */
export function stateError(message: string, code = 'ticket_state'): InputError {
  return new InputError(message, 409, code);
}

/**
 * Applies one staff action to a ticket: checks access and status, updates the ticket only if
 * it is still in an allowed status and still in the same department (so a concurrent
 * reassignment or close wins cleanly), then writes the audit entry. Returns the ticket as
 * stored after the change.
 */
export async function applyStaffChange(tickets: TicketContext, id: string, actor: StaffActor, change: StaffChange, now: Date): Promise<TicketRecord> {
  const ticket = await loadTicket(id);
  assertCanAccessTicket(actor, ticket);
  if (!change.allowedFrom.includes(ticket.status)) {
    // The queue may have shown an earlier state (a write cut short after the ticket changed).
    await syncQueueEntry(ticket);
    throw stateError(change.refusal(ticket));
  }
  const update = change.update(ticket, now);
  const set = { ...(update.$set ?? {}), updatedAt: now };
  const doc = await TicketModel.findOneAndUpdate(
    { _id: ticket.id, status: { $in: [...change.allowedFrom] }, departmentCode: ticket.departmentCode },
    { ...update, $set: set },
    { returnDocument: 'after', timestamps: false },
  ).lean<TicketDoc>();
  if (!doc) throw stateError('The ticket changed while you were working on it; reload it and try again', 'ticket_changed');
  const updated = toTicketRecord(doc);
  await recordTicketState(updated, tickets.calendar.timezone);
  await writeAudit(
    { actor, action: change.action, targetType: 'ticket', targetId: ticket.id, details: { code: ticket.code, ...(change.details?.(ticket) ?? {}) } },
    now,
  );
  return updated;
}
