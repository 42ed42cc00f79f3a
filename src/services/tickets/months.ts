import { withLease } from '../../db/lease.js';
import { CounterModel } from '../../db/models/counter.js';
import type { Channel } from '../../domain/vocabulary.js';
import type { TicketKind, TicketStatus } from '../../db/models/ticket.js';
import { TicketMonthChangeModel, TicketMonthModel } from '../../db/models/ticket-month.js';
import { appendToLog, logEntryId, readLogAfter } from '../../db/numbered-log.js';
import { log } from '../../log.js';
import { addDays, instantAt, localDateOf, monthsCovering } from '../zoned-time.js';
import type { TicketRecord } from './record.js';

const monthLog = log.child({ module: 'tickets.months' });

/** One ticket as the reports read it: no personal details but the contact key (for reach). */
export interface TicketReportRow {
  id: string;
  code: string;
  kind: TicketKind;
  topic?: string;
  departmentCode: string;
  channel: Channel;
  status: TicketStatus;
  createdAt: Date;
  updatedAt: Date;
  dueAt: Date;
  firstResponseAt?: Date;
  resolvedAt?: Date;
  ratingScore?: number;
  /** Absent once the person's data is erased. */
  contactKey?: string;
}

/** Changes read past a month's snapshot before a reader folds them into it. */
const FOLD_AFTER = 32;
const FOLD_LEASE_MS = 60_000;

/** The local month (`YYYY-MM`) a ticket received at `createdAt` belongs to. */
export function monthOf(createdAt: Date, timeZone: string): string {
  return localDateOf(createdAt, timeZone).slice(0, 7);
}

const logName = (month: string): string => `ticket-month:${month}`;

/** The report row of a ticket as stored. */
export function reportRowOf(ticket: TicketRecord): TicketReportRow {
  const row: TicketReportRow = {
    id: ticket.id,
    code: ticket.code,
    kind: ticket.kind,
    departmentCode: ticket.departmentCode,
    channel: ticket.channel,
    status: ticket.status,
    createdAt: ticket.createdAt,
    updatedAt: ticket.updatedAt,
    dueAt: ticket.dueAt,
  };
  if (ticket.topic) row.topic = ticket.topic;
  if (ticket.firstResponseAt) row.firstResponseAt = ticket.firstResponseAt;
  if (ticket.resolvedAt) row.resolvedAt = ticket.resolvedAt;
  if (ticket.rating) row.ratingScore = ticket.rating.score;
  if (ticket.contactKey) row.contactKey = ticket.contactKey;
  return row;
}

/**
 * Records the ticket's report row as it is stored now in its month's change log (one insert,
 * numbered by unique `_id`). After an erasure the month is folded at once, so no change entry
 * keeps the person's contact key.
 */
export async function recordMonthRow(ticket: TicketRecord, timeZone: string): Promise<void> {
  const month = monthOf(ticket.createdAt, timeZone);
  await appendToLog(TicketMonthChangeModel, logName(month), { row: reportRowOf(ticket) });
  if (!ticket.contactKey) await foldMonth(month);
}

interface StoredMonth {
  upTo: number;
  rows: TicketReportRow[];
}

/** The order of a row's fields in the snapshot's text. */
const PACKED = [
  'id',
  'code',
  'kind',
  'topic',
  'departmentCode',
  'channel',
  'status',
  'createdAt',
  'updatedAt',
  'dueAt',
  'firstResponseAt',
  'resolvedAt',
  'ratingScore',
  'contactKey',
] as const;
const DATES = new Set<string>(['createdAt', 'updatedAt', 'dueAt', 'firstResponseAt', 'resolvedAt']);

/** The rows as the snapshot stores them: one JSON text of arrays (fields in {@link PACKED} order, dates as milliseconds, absent as null). */
function packRows(rows: readonly TicketReportRow[]): string {
  return JSON.stringify(rows.map((row) => PACKED.map((f) => (row[f] instanceof Date ? row[f].getTime() : (row[f] ?? null)))));
}

function unpackRows(text: string): TicketReportRow[] {
  return (JSON.parse(text) as unknown[][]).map((values) => {
    const row: Record<string, unknown> = {};
    PACKED.forEach((f, i) => {
      const value = values[i];
      if (value !== null && value !== undefined) row[f] = DATES.has(f) ? new Date(value as number) : value;
    });
    return row as unknown as TicketReportRow;
  });
}

function withChanges(snapshot: { upTo: number; rows: string } | null, changes: { n: number; doc: { row: TicketReportRow } }[]): StoredMonth {
  const rows = new Map((snapshot ? unpackRows(snapshot.rows) : []).map((row) => [row.id, row]));
  for (const change of changes) rows.set(change.doc.row.id, change.doc.row);
  return { upTo: changes.at(-1)?.n ?? snapshot?.upTo ?? 0, rows: [...rows.values()] };
}

async function readMonth(month: string): Promise<{ state: StoredMonth; pending: number }> {
  const snapshot = await TicketMonthModel.findById(month, { upTo: 1, rows: 1 }).lean<{ upTo: number; rows: string }>();
  const changes = await readLogAfter<{ row: TicketReportRow }>(TicketMonthChangeModel, logName(month), snapshot?.upTo ?? 0);
  return { state: withChanges(snapshot, changes), pending: changes.length };
}

/**
 * Folds the month's pending changes into its snapshot, then deletes them. One instance at a
 * time (a lease per month); another instance folding the same month already makes this a no-op.
 */
async function foldMonth(month: string): Promise<void> {
  await withLease(`ticket-month-fold:${month}`, FOLD_LEASE_MS, async () => {
    const before = await TicketMonthModel.findById(month, { upTo: 1 }).lean<{ upTo: number }>();
    const { state, pending } = await readMonth(month);
    if (pending === 0) return;
    await TicketMonthModel.replaceOne({ _id: month }, { upTo: state.upTo, rows: packRows(state.rows), foldedAt: new Date() }, { upsert: true });
    // The hint must not lag behind the folded numbers: a number deleted below it could be taken again.
    await CounterModel.updateOne({ _id: logName(month) }, { $max: { seq: state.upTo } }, { upsert: true });
    const folded = Array.from({ length: state.upTo - (before?.upTo ?? 0) }, (_, i) => logEntryId(logName(month), (before?.upTo ?? 0) + i + 1));
    await Promise.all(folded.map((id) => TicketMonthChangeModel.deleteOne({ _id: id })));
    monthLog.debug({ month, upTo: state.upTo, folded: folded.length }, 'ticket month folded');
  });
}

/**
 * The report rows of every ticket received in the month (`YYYY-MM`), as stored now: the
 * month's snapshot and the changes recorded after it. A reader that finds many changes folds
 * them for the next one.
 */
export async function monthRows(month: string): Promise<TicketReportRow[]> {
  const { state, pending } = await readMonth(month);
  if (pending >= FOLD_AFTER) await foldMonth(month);
  return state.rows;
}

/**
 * Replaces the snapshot of each month with `rows` (every ticket received in it), for a
 * database whose tickets were stored before the months were kept. Pending changes of those
 * months are deleted: the rows come from the tickets themselves, read after them.
 */
export async function writeMonthSnapshots(rowsByMonth: ReadonlyMap<string, TicketReportRow[]>): Promise<void> {
  for (const [month, rows] of rowsByMonth) {
    const hint = await CounterModel.findById(logName(month)).lean();
    const existing = await TicketMonthModel.findById(month, { upTo: 1 }).lean<{ upTo: number }>();
    const pending = await readLogAfter<{ row: TicketReportRow }>(TicketMonthChangeModel, logName(month), existing?.upTo ?? 0);
    const upTo = Math.max(hint?.seq ?? 0, pending.at(-1)?.n ?? 0);
    await TicketMonthModel.replaceOne({ _id: month }, { upTo, rows: packRows(rows), foldedAt: new Date() }, { upsert: true });
    await CounterModel.updateOne({ _id: logName(month) }, { $max: { seq: upTo } }, { upsert: true });
    await Promise.all(pending.map((p) => TicketMonthChangeModel.deleteOne({ _id: logEntryId(logName(month), p.n) })));
  }
}

/**
 * The report rows of the tickets received from local day `from` to `to` (both included, in
 * the zone, which must be the calendar's: the months are keyed in it), oldest first: the
 * months they fall in, each read as in {@link monthRows}.
 */
export async function rowsReceivedBetween(from: string, to: string, timeZone: string): Promise<TicketReportRow[]> {
  const start = instantAt(from, 0, timeZone).getTime();
  const end = instantAt(addDays(to, 1), 0, timeZone).getTime();
  const months = await Promise.all(monthsCovering(from, to).map((month) => monthRows(month)));
  return months
    .flat()
    .filter((row) => row.createdAt.getTime() >= start && row.createdAt.getTime() < end)
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
}
