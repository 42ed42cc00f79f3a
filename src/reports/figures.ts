import { TICKET_KINDS } from '../db/models/ticket.js';
import { percentile, ticketTimings } from '../services/tickets/metrics.js';
import type { WorkingCalendar } from '../services/working-days.js';
import type { ReportData, ReportTicket } from './collect.js';
import { CHANNEL_LABELS, KIND_LABELS, STATUS_LABELS, labelOf } from './labels.js';

/** One line of a breakdown table. */
export interface CountRow {
  key: string;
  label: string;
  count: number;
}

/** Median and 90th percentile of a set of durations in working days. */
interface DurationFigures {
  /** How many tickets the figure is computed over. */
  count: number;
  median?: number;
  p90?: number;
}

/** A ticket with its times in working days (office hours of working days only). */
interface TimedTicket extends ReportTicket {
  firstResponseDays?: number;
  resolutionDays?: number;
  /** True when resolved by the due date; false when late or still open past it; undefined while open and not due. */
  onTime?: boolean;
}

/** The figures of one report. */
export interface ReportFigures {
  tickets: TimedTicket[];
  total: number;
  byKind: CountRow[];
  byTopic: CountRow[];
  byDepartment: CountRow[];
  byChannel: CountRow[];
  byStatus: CountRow[];
  firstResponse: DurationFigures;
  resolution: DurationFigures;
  /** Tickets that were due by the report date (resolved, or open past due), and how many were answered in time. */
  onTime: { due: number; onTime: number; share?: number };
  satisfaction: { rated: number; average?: number; distribution: CountRow[] };
  subscribers: { total: number; byTopic: CountRow[]; byChannel: CountRow[] };
  news: { items: number; targeted: number; sent: number; sentAtNextContact: number; waiting: number; expired: number; failed: number; reach?: number };
  conversations: { total: number; escalated: number; botAlone: number };
}

function countBy<T>(items: readonly T[], keyOf: (item: T) => string | undefined, labelFor: (key: string) => string, order?: readonly string[]): CountRow[] {
  const counts = new Map<string, number>();
  for (const key of order ?? []) counts.set(key, 0);
  for (const item of items) {
    const key = keyOf(item) ?? '';
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const rows = [...counts].map(([key, count]) => ({ key, label: labelFor(key), count }));
  return order ? rows : rows.sort((a, b) => b.count - a.count || a.label.localeCompare(b.label, 'vi'));
}

/** Breakdown rows from counts already made, in the order {@link countBy} gives them. */
function rowsOf(counts: ReadonlyMap<string, number>, labelFor: (key: string) => string): CountRow[] {
  return [...counts].map(([key, count]) => ({ key, label: labelFor(key), count })).sort((a, b) => b.count - a.count || a.label.localeCompare(b.label, 'vi'));
}

function durations(values: number[]): DurationFigures {
  return { count: values.length, median: percentile(values, 0.5), p90: percentile(values, 0.9) };
}

export interface FigureOptions {
  calendar: WorkingCalendar;
  topicNames: ReadonlyMap<string, string>;
}

/**
 * Computes every figure of a report in code from the collected documents: counts by kind,
 * topic, department, channel and status; first-response and resolution times in working days
 * (median and 90th percentile, nearest rank); the share answered on time; satisfaction;
 * subscribers and news reach; conversations handled by the bot alone or escalated (people
 * who wrote in the period, and the people with a ticket received in it). Pure: no I/O.
 */
export function computeFigures(data: ReportData, options: FigureOptions): ReportFigures {
  const tickets: TimedTicket[] = data.tickets.map((t) => ({ ...t, ...ticketTimings(t, options.calendar, data.generatedAt) }));
  const topicLabel = (key: string) => (key ? (options.topicNames.get(key) ?? key) : '(không rõ)');
  const departmentLabel = (key: string) => data.departmentNames.get(key) ?? key;

  const firstResponses = tickets.flatMap((t) => (t.firstResponseDays === undefined ? [] : [t.firstResponseDays]));
  const resolutions = tickets.flatMap((t) => (t.resolutionDays === undefined ? [] : [t.resolutionDays]));
  const due = tickets.filter((t) => t.onTime !== undefined);
  const onTime = due.filter((t) => t.onTime === true).length;
  const scores = tickets.flatMap((t) => (t.ratingScore === undefined ? [] : [t.ratingScore]));

  const newsTotals = data.news.reduce(
    (sum, item) => ({
      targeted: sum.targeted + item.progress.targeted,
      sent: sum.sent + item.progress.sent,
      sentAtNextContact: sum.sentAtNextContact + item.progress.sentAtNextContact,
      waiting: sum.waiting + item.progress.waitingForNextContact,
      expired: sum.expired + item.progress.expired,
      failed: sum.failed + item.progress.failed,
    }),
    { targeted: 0, sent: 0, sentAtNextContact: 0, waiting: 0, expired: 0, failed: 0 },
  );
  // Filing a ticket is writing to the bot, so everyone with a ticket received in the period
  // wrote in it; a person whose data was erased is no longer known on their tickets.
  const escalated = new Set(tickets.flatMap((t) => (t.contactKey ? [t.contactKey] : []))).size;

  return {
    tickets,
    total: tickets.length,
    byKind: countBy(
      tickets,
      (t) => t.kind,
      (k) => labelOf(KIND_LABELS, k),
      TICKET_KINDS,
    ),
    byTopic: countBy(tickets, (t) => t.topic, topicLabel),
    byDepartment: countBy(tickets, (t) => t.departmentCode, departmentLabel),
    byChannel: countBy(
      tickets,
      (t) => t.channel,
      (k) => labelOf(CHANNEL_LABELS, k),
    ),
    byStatus: countBy(
      tickets,
      (t) => t.status,
      (k) => labelOf(STATUS_LABELS, k),
    ),
    firstResponse: durations(firstResponses),
    resolution: durations(resolutions),
    onTime: { due: due.length, onTime, share: due.length > 0 ? onTime / due.length : undefined },
    satisfaction: {
      rated: scores.length,
      average: scores.length > 0 ? scores.reduce((a, b) => a + b, 0) / scores.length : undefined,
      distribution: [1, 2, 3, 4, 5].map((score) => ({ key: String(score), label: `${score} sao`, count: scores.filter((s) => s === score).length })),
    },
    subscribers: {
      total: data.subscribers.total,
      byTopic: rowsOf(data.subscribers.byTopic, topicLabel),
      byChannel: rowsOf(data.subscribers.byChannel, (k) => labelOf(CHANNEL_LABELS, k)),
    },
    news: { items: data.news.length, ...newsTotals, reach: newsTotals.targeted > 0 ? newsTotals.sent / newsTotals.targeted : undefined },
    conversations: { total: data.peopleWhoWrote, escalated, botAlone: Math.max(0, data.peopleWhoWrote - escalated) },
  };
}
