import { recordMonthRow } from './months.js';
import { syncQueueEntry } from './queue-entry.js';
import type { TicketRecord } from './record.js';

/**
 * Brings the copies kept of a ticket up to date with the ticket as stored: its queue entry
 * (`open_tickets`) and its report row (`ticket_months`, by month in `timeZone`, the calendar's). Called after every write of a ticket,
 * with the ticket that write returned; a retried call writes the same state again.
 */
export async function recordTicketState(ticket: TicketRecord, timeZone: string): Promise<void> {
  await syncQueueEntry(ticket);
  await recordMonthRow(ticket, timeZone);
}
