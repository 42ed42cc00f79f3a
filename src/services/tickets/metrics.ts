import { workingDaysBetween, type WorkingCalendar } from '../working-days.js';
import type { TicketRecord } from './record.js';

/** Times of one ticket in working days, for the periodic reports. */
export interface TicketTimings {
  /** Receipt to first staff answer; undefined while unanswered. */
  firstResponseDays?: number;
  /** Receipt to answer or close; undefined while open. */
  resolutionDays?: number;
  /** True when resolved by `dueAt`; false when resolved late or still open past it; undefined while open and not yet due. */
  onTime?: boolean;
}

/**
 * First-response and resolution times of a ticket in working days (office hours only, see
 * {@link workingDaysBetween}), and whether it met its due date as of `now`.
 */
export function ticketTimings(
  ticket: Pick<TicketRecord, 'createdAt' | 'firstResponseAt' | 'resolvedAt' | 'dueAt'>,
  calendar: WorkingCalendar,
  now: Date,
): TicketTimings {
  const timings: TicketTimings = {};
  if (ticket.firstResponseAt) timings.firstResponseDays = workingDaysBetween(ticket.createdAt, ticket.firstResponseAt, calendar);
  if (ticket.resolvedAt) {
    timings.resolutionDays = workingDaysBetween(ticket.createdAt, ticket.resolvedAt, calendar);
    timings.onTime = ticket.resolvedAt.getTime() <= ticket.dueAt.getTime();
  } else if (now.getTime() > ticket.dueAt.getTime()) {
    timings.onTime = false;
  }
  return timings;
}

/** True when an open ticket is past its due date at `now`. */
export function isOverdue(ticket: Pick<TicketRecord, 'status' | 'dueAt'>, now: Date): boolean {
  return (ticket.status === 'new' || ticket.status === 'in_progress') && now.getTime() > ticket.dueAt.getTime();
}

/** The value below which `fraction` of the numbers lie (nearest-rank; 0.5 = median, 0.9 = p90). */
export function percentile(values: readonly number[], fraction: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(fraction * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}
