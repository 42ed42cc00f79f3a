import { InputError } from '../../errors.js';
import { DepartmentModel } from '../../db/models/department.js';
import { TICKET_STATUSES } from '../../db/models/ticket.js';
import type { StaffActor } from '../audit.js';
import { assertStaffActor } from './access.js';
import type { TicketContext } from './context.js';
import { requireDepartmentCode, requireText } from './guards.js';
import type { TicketRecord } from './record.js';
import { applyStaffChange } from './staff-update.js';

export interface StaffActionOptions {
  now?: Date;
}

function nowOf(tickets: TicketContext, options: StaffActionOptions): Date {
  return options.now ?? tickets.clock();
}

/** Adds an internal note (never shown to the person). Allowed in every status. */
export async function addNote(tickets: TicketContext, id: string, text: string, actor: StaffActor, options: StaffActionOptions = {}): Promise<TicketRecord> {
  assertStaffActor(actor);
  const note = requireText(text, 'note', { max: 5_000 });
  return applyStaffChange(
    tickets,
    id,
    actor,
    {
      action: 'ticket.note',
      allowedFrom: TICKET_STATUSES,
      refusal: () => '',
      update: (_t, now) => ({
        $push: {
          notes: { at: now, staffId: actor.username, staffName: actor.displayName, text: note },
          history: { at: now, actor: actor.username, action: 'note_added' },
        },
      }),
      details: () => ({ length: note.length }),
    },
    nowOf(tickets, options),
  );
}

/**
 * Moves an open ticket to another active department, with a reason kept in the history and
 * the audit log. The status and due date stay as they are.
 */
export async function reassignTicket(
  tickets: TicketContext,
  id: string,
  departmentCode: string,
  reason: string,
  actor: StaffActor,
  options: StaffActionOptions = {},
): Promise<TicketRecord> {
  assertStaffActor(actor);
  const target = requireDepartmentCode(departmentCode);
  const why = requireText(reason, 'reason', { max: 1_000 });
  const department = await DepartmentModel.findOne({ code: target }, { code: 1, active: 1 }).lean();
  if (!department || department.active === false) throw new InputError(`Department "${target}" does not exist or is not active`);
  return applyStaffChange(
    tickets,
    id,
    actor,
    {
      action: 'ticket.reassign',
      allowedFrom: ['new', 'in_progress', 'answered'],
      refusal: () => 'A closed ticket cannot be reassigned; reopen it first',
      update: (ticket, now) => {
        if (ticket.departmentCode === target) throw new InputError(`The ticket is already with ${target}`);
        return {
          $set: { departmentCode: target },
          $push: { history: { at: now, actor: actor.username, action: 'reassigned', departmentCode: target, note: why } },
        };
      },
      details: (ticket) => ({ from: ticket.departmentCode, to: target, reason: why }),
    },
    nowOf(tickets, options),
  );
}

/** Marks a new ticket as being worked on. */
export async function setInProgress(tickets: TicketContext, id: string, actor: StaffActor, options: StaffActionOptions = {}): Promise<TicketRecord> {
  assertStaffActor(actor);
  return applyStaffChange(
    tickets,
    id,
    actor,
    {
      action: 'ticket.in_progress',
      allowedFrom: ['new'],
      refusal: (t) => `The ticket is ${t.status.replace('_', ' ')}, not new`,
      update: (_t, now) => ({
        $set: { status: 'in_progress' },
        $push: { history: { at: now, actor: actor.username, action: 'in_progress', status: 'in_progress' } },
      }),
    },
    nowOf(tickets, options),
  );
}

/** Closes a ticket; the resolution time is set now unless an answer already set it. */
export async function closeTicket(
  tickets: TicketContext,
  id: string,
  actor: StaffActor,
  options: StaffActionOptions & { reason?: string } = {},
): Promise<TicketRecord> {
  assertStaffActor(actor);
  const reason = requireText(options.reason, 'reason', { max: 1_000, optional: true });
  return applyStaffChange(
    tickets,
    id,
    actor,
    {
      action: 'ticket.close',
      allowedFrom: ['new', 'in_progress', 'answered'],
      refusal: () => 'The ticket is already closed',
      update: (ticket, now) => ({
        $set: { status: 'closed', resolvedAt: ticket.resolvedAt ?? now },
        $push: { history: { at: now, actor: actor.username, action: 'closed', status: 'closed', note: reason } },
      }),
      details: () => (reason ? { reason } : {}),
    },
    nowOf(tickets, options),
  );
}

/**
 * Reopens an answered or closed ticket (the person came back, or it was closed by mistake):
 * it returns to in progress and its resolution time is cleared until the next answer or close.
 */
export async function reopenTicket(
  tickets: TicketContext,
  id: string,
  reason: string,
  actor: StaffActor,
  options: StaffActionOptions = {},
): Promise<TicketRecord> {
  assertStaffActor(actor);
  const why = requireText(reason, 'reason', { max: 1_000 });
  return applyStaffChange(
    tickets,
    id,
    actor,
    {
      action: 'ticket.reopen',
      allowedFrom: ['answered', 'closed'],
      refusal: (t) => `The ticket is ${t.status.replace('_', ' ')}; only answered or closed tickets can be reopened`,
      update: (_t, now) => ({
        $set: { status: 'in_progress' },
        $unset: { resolvedAt: 1 },
        $push: { history: { at: now, actor: actor.username, action: 'reopened', status: 'in_progress', note: why } },
      }),
      details: () => ({ reason: why }),
    },
    nowOf(tickets, options),
  );
}
