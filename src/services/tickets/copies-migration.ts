import { runMigrationOnce } from '../../migrations/run-once.js';
import { OpenTicketModel } from '../../db/models/open-ticket.js';
import { TicketModel } from '../../db/models/ticket.js';
import { log } from '../../log.js';
import { monthOf, reportRowOf, writeMonthSnapshots, type TicketReportRow } from './months.js';
import { isOpenStatus, syncQueueEntry } from './queue-entry.js';
import { toTicketRecord, type TicketDoc } from './record.js';

const migrationLog = log.child({ module: 'migration' });

/** What one run wrote. */
export interface TicketCopiesReport {
  tickets: number;
  open: number;
  months: number;
}

/**
 * Writes the copies kept of every stored ticket from the tickets themselves: an entry in
 * `open_tickets` for each open one (and none for the others), and each month's snapshot in
 * `ticket_months`. Reads the tickets once. Idempotent: run again, it writes the same copies.
 * Tests that store tickets directly call it to bring the copies up to date. Months are those of
 * `timeZone`, the calendar's.
 */
export async function rebuildTicketCopies(timeZone: string): Promise<TicketCopiesReport> {
  const byMonth = new Map<string, TicketReportRow[]>();
  const open = new Set<string>();
  for await (const doc of TicketModel.find({}, { notes: 0, history: 0, attachments: 0, contact: 0, answer: 0 })
    .sort({ createdAt: 1 })
    .lean<TicketDoc>()
    .cursor()) {
    const ticket = toTicketRecord(doc);
    const month = monthOf(ticket.createdAt, timeZone);
    const rows = byMonth.get(month) ?? [];
    rows.push(reportRowOf(ticket));
    byMonth.set(month, rows);
    if (!isOpenStatus(ticket.status)) continue;
    open.add(ticket.id);
    await syncQueueEntry(ticket);
  }
  // Entries of tickets no longer open (a run cut short, then tickets closed directly in the database).
  for await (const entry of OpenTicketModel.find({}, { _id: 1 }).lean().cursor()) {
    if (!open.has(String(entry._id))) await OpenTicketModel.deleteOne({ _id: entry._id });
  }
  await writeMonthSnapshots(byMonth);
  const report = { tickets: [...byMonth.values()].reduce((sum, rows) => sum + rows.length, 0), open: open.size, months: byMonth.size };
  return report;
}

/**
 * Fills the queue's open work and the reports' month copies for tickets stored before they
 * were kept (see {@link rebuildTicketCopies}). Runs at start after the history layout, once:
 * a marker document makes every later start skip it with one `_id` lookup.
 */
export async function migrateToTicketCopies(timeZone: string): Promise<TicketCopiesReport | null> {
  return runMigrationOnce('ticket-copies', async () => {
    const report = await rebuildTicketCopies(timeZone);
    if (report.tickets > 0) migrationLog.info(report, 'kept the open tickets and the monthly ticket copies');
    return report;
  });
}
