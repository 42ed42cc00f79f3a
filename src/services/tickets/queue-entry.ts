import { OpenTicketModel } from '../../db/models/open-ticket.js';
import type { TicketRecord } from './record.js';

/** True for the statuses the queue's open work holds. */
export function isOpenStatus(status: string): boolean {
  return status === 'new' || status === 'in_progress';
}

/**
 * Makes the ticket's entry in `open_tickets` match the ticket as stored: written while it is
 * new or in progress, removed otherwise. One `_id` write; safe to repeat.
 */
export async function syncQueueEntry(ticket: TicketRecord): Promise<void> {
  if (!isOpenStatus(ticket.status)) {
    await OpenTicketModel.deleteOne({ _id: ticket.id });
    return;
  }
  await OpenTicketModel.replaceOne(
    { _id: ticket.id },
    {
      code: ticket.code,
      kind: ticket.kind,
      topic: ticket.topic,
      departmentCode: ticket.departmentCode,
      status: ticket.status,
      channel: ticket.channel,
      question: ticket.question,
      dueAt: ticket.dueAt,
      createdAt: ticket.createdAt,
      updatedAt: ticket.updatedAt,
    },
    { upsert: true },
  );
}
