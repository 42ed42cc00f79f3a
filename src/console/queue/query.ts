import { findByIds } from '../../db/by-id.js';
import { OpenTicketModel } from '../../db/models/open-ticket.js';
import type { Channel } from '../../domain/vocabulary.js';
import { TICKET_STATUSES, TicketModel, type TicketKind, type TicketStatus } from '../../db/models/ticket.js';
import { normalizeVietnamese } from '../../search/index.js';
import {
  isOpenStatus,
  isOverdue,
  isTicketCode,
  normaliseTicketCode,
  rowsReceivedBetween,
  ticketIdByCode,
  type TicketRecord,
} from '../../services/tickets/index.js';
import { addWorkingDays, type WorkingCalendar } from '../../services/working-days.js';
import { addDays, instantAt, localDateOf } from '../../services/zoned-time.js';

/** Rows per page of the queue. */
export const QUEUE_PAGE_SIZE = 50;
/** Most tickets read for a word search (newest first); the page says when the limit was hit. */
const SEARCH_SCAN_LIMIT = 3_000;
/** Answered and closed tickets are listed and counted over the months received in the date filter, by default this many back. */
const SETTLED_MONTHS_SHOWN = 12;

export interface QueueFilter {
  /** Undefined: every department (admins only; the route decides). */
  departmentCode?: string;
  status: TicketStatus;
  kind?: TicketKind;
  topic?: string;
  channel?: Channel;
  /** Local dates `YYYY-MM-DD` (inclusive) of receipt. */
  from?: string;
  to?: string;
  /** A ticket code, or words searched without regard to diacritics. */
  q?: string;
  page: number;
}

/** One line of a queue: the ticket's summary fields and where it stands against its deadline. */
interface QueueRow extends Pick<
  TicketRecord,
  'id' | 'code' | 'kind' | 'topic' | 'departmentCode' | 'status' | 'channel' | 'question' | 'dueAt' | 'createdAt' | 'updatedAt'
> {
  overdue: boolean;
  /** Open and due by the end of the next working day. */
  dueSoon: boolean;
}

export interface QueueResult {
  rows: QueueRow[];
  counts: Record<TicketStatus, number>;
  /** Rows matching in the chosen status (all pages). */
  total: number;
  /** Overdue and due-soon open tickets among the matches (all statuses). */
  overdueCount: number;
  dueSoonCount: number;
  /** True when a word search read only the newest {@link SEARCH_SCAN_LIMIT} tickets. */
  truncated: boolean;
  /**
   * Without a start date, answered and closed tickets are those received from this local day
   * (the first of the month {@link SETTLED_MONTHS_SHOWN} months back); open ones all.
   */
  settledFrom?: string;
}

interface Row {
  _id: { toString(): string };
  code: string;
  kind: string;
  topic?: string | null;
  departmentCode: string;
  status?: string | null;
  channel: string;
  question: string;
  dueAt: Date;
  createdAt?: Date | null;
  updatedAt?: Date | null;
}

const FIELDS = { code: 1, kind: 1, topic: 1, departmentCode: 1, status: 1, channel: 1, question: 1, dueAt: 1, createdAt: 1, updatedAt: 1 } as const;

/** The filters but words and codes, as a test of one ticket's summary. */
function filterTest(filter: QueueFilter, timeZone: string): (doc: Row) => boolean {
  const from = filter.from ? instantAt(filter.from, 0, timeZone).getTime() : undefined;
  const to = filter.to ? instantAt(addDays(filter.to, 1), 0, timeZone).getTime() : undefined;
  return (doc) =>
    (!filter.departmentCode || doc.departmentCode === filter.departmentCode) &&
    (!filter.kind || doc.kind === filter.kind) &&
    (!filter.topic || doc.topic === filter.topic) &&
    (!filter.channel || doc.channel === filter.channel) &&
    (from === undefined || (doc.createdAt?.getTime() ?? 0) >= from) &&
    (to === undefined || (doc.createdAt?.getTime() ?? 0) < to);
}

function baseFilter(filter: QueueFilter, timeZone: string): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  if (filter.departmentCode) query.departmentCode = filter.departmentCode;
  if (filter.kind) query.kind = filter.kind;
  if (filter.topic) query.topic = filter.topic;
  if (filter.channel) query.channel = filter.channel;
  const created: Record<string, Date> = {};
  if (filter.from) created.$gte = instantAt(filter.from, 0, timeZone);
  if (filter.to) created.$lt = instantAt(addDays(filter.to, 1), 0, timeZone);
  if (Object.keys(created).length > 0) query.createdAt = created;
  return query;
}

function toRow(doc: Row, now: Date, soon: Date): QueueRow {
  const status = (doc.status ?? 'new') as TicketStatus;
  const overdue = isOverdue({ status, dueAt: doc.dueAt }, now);
  const open = status === 'new' || status === 'in_progress';
  return {
    id: doc._id.toString(),
    code: doc.code,
    kind: doc.kind as TicketKind,
    topic: doc.topic ?? undefined,
    departmentCode: doc.departmentCode,
    status,
    channel: doc.channel as Channel,
    question: doc.question,
    dueAt: doc.dueAt,
    createdAt: doc.createdAt ?? new Date(0),
    updatedAt: doc.updatedAt ?? doc.createdAt ?? new Date(0),
    overdue,
    dueSoon: open && !overdue && doc.dueAt.getTime() <= soon.getTime(),
  };
}

/** Open tickets: the earliest due first (so overdue ones lead); others: the latest change first. */
function compareRows(a: QueueRow, b: QueueRow): number {
  const open = a.status === 'new' || a.status === 'in_progress';
  if (open) return a.dueAt.getTime() - b.dueAt.getTime() || a.code.localeCompare(b.code);
  return b.updatedAt.getTime() - a.updatedAt.getTime() || b.code.localeCompare(a.code);
}

function emptyCounts(): Record<TicketStatus, number> {
  return Object.fromEntries(TICKET_STATUSES.map((s) => [s, 0])) as Record<TicketStatus, number>;
}

/** True when every folded word of the query occurs in the folded text (or the text is the code). */
function matchesWords(words: string[], doc: Row): boolean {
  const haystack = ` ${normalizeVietnamese(`${doc.code} ${doc.question}`)} `;
  return words.every((w) => haystack.includes(w));
}

/** The first day of the month `months - 1` months before the one of `day`. */
function startOfMonthsBack(day: string, months: number): string {
  const index = Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1 - (months - 1);
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}

/**
 * The tickets matching the filters but words and codes: every open one (from `open_tickets`,
 * which holds only open work) and the answered and closed ones received in the months of the
 * date filter (from the month copies the reports read). Answered and closed rows carry no
 * question: the caller loads those of the page.
 */
async function readLive(filter: QueueFilter, timeZone: string, now: Date): Promise<{ rows: Row[]; settledFrom?: string }> {
  const test = filterTest(filter, timeZone);
  const today = localDateOf(now, timeZone);
  const to = filter.to ?? today;
  const settledFrom = filter.from ?? startOfMonthsBack(to, SETTLED_MONTHS_SHOWN);
  const [open, received] = await Promise.all([
    OpenTicketModel.find({}, FIELDS).lean<Row[]>(),
    to < settledFrom ? Promise.resolve([]) : rowsReceivedBetween(settledFrom, to, timeZone),
  ]);
  const settled: Row[] = received.filter((r) => !isOpenStatus(r.status)).map((r) => ({ ...r, _id: r.id, question: '' }));
  return { rows: [...open, ...settled].filter(test), settledFrom: filter.from ? undefined : settledFrom };
}

/** The ticket with this code when it matches the filters (found through its code's `_id`). */
async function readByCode(code: string, filter: QueueFilter, timeZone: string): Promise<Row[]> {
  const id = await ticketIdByCode(code);
  const doc = id ? await TicketModel.findById(id, FIELDS).lean<Row>() : null;
  return doc && filterTest(filter, timeZone)(doc) ? [doc] : [];
}

/**
 * One page of a department's queue in one status, with counts per status for the same
 * filters. Open tickets come earliest-due first, so overdue ones lead; each row says whether
 * it is overdue or due by the end of the next working day. `q` is a ticket code (any way
 * typed) or words matched without regard to diacritics or case ("dang ky" finds "Đăng ký").
 *
 * Without words, the page reads the open tickets (`open_tickets`) and the month copies of
 * the answered and closed ones received in the date filter's months (by default the last
 * {@link SETTLED_MONTHS_SHOWN}), never the whole history of tickets; a code is found by `_id`.
 * Words are searched in the newest {@link SEARCH_SCAN_LIMIT} tickets matching the filters.
 */
export async function listQueue(filter: QueueFilter, calendar: WorkingCalendar, now = new Date()): Promise<QueueResult> {
  const timeZone = calendar.timezone;
  const soon = addWorkingDays(now, 1, calendar);
  const q = filter.q?.trim() ?? '';
  let code: string | undefined;
  if (q) {
    try {
      code = normaliseTicketCode(q);
    } catch {
      // Not shaped like a code: the query is searched as words.
      code = undefined;
    }
  }

  let matches: Row[];
  let truncated = false;
  let settledFrom: string | undefined;
  if (code && isTicketCode(code)) {
    matches = await readByCode(code, filter, timeZone);
  } else if (q) {
    const words = normalizeVietnamese(q)
      .split(' ')
      .filter(Boolean)
      .map((w) => ` ${w}`);
    const scanned = await TicketModel.find(baseFilter(filter, timeZone), FIELDS).sort({ createdAt: -1 }).limit(SEARCH_SCAN_LIMIT).lean<Row[]>();
    truncated = scanned.length === SEARCH_SCAN_LIMIT;
    matches = words.length > 0 ? scanned.filter((doc) => matchesWords(words, doc)) : scanned;
  } else {
    ({ rows: matches, settledFrom } = await readLive(filter, timeZone, now));
  }

  const counts = emptyCounts();
  let overdueCount = 0;
  let dueSoonCount = 0;
  const all = matches.map((doc) => toRow(doc, now, soon));
  for (const row of all) {
    counts[row.status] += 1;
    if (row.overdue) overdueCount += 1;
    if (row.dueSoon) dueSoonCount += 1;
  }
  const inStatus = all.filter((r) => r.status === filter.status).sort(compareRows);
  const total = inStatus.length;
  const rows = await withQuestions(inStatus.slice((filter.page - 1) * QUEUE_PAGE_SIZE, filter.page * QUEUE_PAGE_SIZE));
  return { rows, counts, total, overdueCount, dueSoonCount, truncated, settledFrom };
}

/** Fills in the question of rows read from the month copies (one `_id` lookup each). */
async function withQuestions(rows: QueueRow[]): Promise<QueueRow[]> {
  const missing = rows.filter((r) => !r.question).map((r) => r.id);
  if (missing.length === 0) return rows;
  const found = await findByIds<{ _id: { toString(): string }; question: string }>(TicketModel, missing, { question: 1 });
  const questions = new Map(found.map((doc) => [doc._id.toString(), doc.question]));
  return rows.map((r) => (r.question ? r : { ...r, question: questions.get(r.id) ?? '' }));
}
