import { InputError } from '../errors.js';
import type { WorkingCalendar } from './working-calendar.js';
import { addDays, instantAt, isIsoDate, localDateOf, weekdayOf } from './zoned-time.js';

export type { WorkingCalendar } from './working-calendar.js';
export { loadWorkingCalendar, parseWorkingCalendar } from './working-calendar.js';

/** No real calendar has this many days off in a row; past it the calendar is broken. */
const MAX_DAYS_SEARCHED = 3_660;

function toLocalDate(day: Date | string, calendar: WorkingCalendar): string {
  if (typeof day === 'string') {
    if (!isIsoDate(day)) throw new InputError(`"${day}" is not a date of the form YYYY-MM-DD`);
    return day;
  }
  if (Number.isNaN(day.getTime())) throw new InputError('invalid date');
  return localDateOf(day, calendar.timezone);
}

/**
 * True when the local day (a `YYYY-MM-DD` string, or the local day of an instant in the
 * calendar's zone) is worked: a working weekday that is not a holiday, or a listed
 * compensatory working Saturday.
 */
export function isWorkingDay(day: Date | string, calendar: WorkingCalendar): boolean {
  const date = toLocalDate(day, calendar);
  if (calendar.extraWorkingDays.has(date)) return true;
  if (calendar.holidays.has(date)) return false;
  return calendar.workingWeekdays.has(weekdayOf(date));
}

/** True when the calendar lists the holidays of the year of this local day. */
export function isCoveredByCalendar(day: Date | string, calendar: WorkingCalendar): boolean {
  return calendar.coveredYears.has(Number(toLocalDate(day, calendar).slice(0, 4)));
}

/** Minutes of office hours in one working day (7:30–11:30 and 13:30–17:00 give 450). */
export function workingMinutesPerDay(calendar: WorkingCalendar): number {
  return calendar.periods.reduce((sum, p) => sum + (p.endMinute - p.startMinute), 0);
}

/** The instant office hours end on a local day (17:00 local in the default calendar). */
function endOfWorkingDay(date: string, calendar: WorkingCalendar): Date {
  const last = calendar.periods[calendar.periods.length - 1]!;
  return instantAt(date, last.endMinute, calendar.timezone);
}

/** The first working day on or after a local day. */
function nextWorkingDayOnOrAfter(date: string, calendar: WorkingCalendar): string {
  let day = date;
  for (let i = 0; i < MAX_DAYS_SEARCHED; i++) {
    if (isWorkingDay(day, calendar)) return day;
    day = addDays(day, 1);
  }
  throw new InputError(`no working day within ${MAX_DAYS_SEARCHED} days of ${date}: check the calendar`, 500, 'calendar_invalid');
}

function assertCount(n: number): void {
  if (!Number.isInteger(n) || n < 0 || n > MAX_DAYS_SEARCHED) {
    throw new InputError(`number of days must be a whole number from 0 to ${MAX_DAYS_SEARCHED}, got ${n}`);
  }
}

/**
 * The deadline `n` working days after `start`: the end of office hours on the n-th working
 * day after the local day of `start`. The day of `start` itself is not counted (Civil Code
 * 2015, Art. 147), so a question received on Friday with n = 5 is due at 17:00 the next
 * Friday, skipping weekends, holidays and counting compensatory Saturdays. With n = 0 the
 * deadline is the end of the first working day on or after the start day.
 */
export function addWorkingDays(start: Date, n: number, calendar: WorkingCalendar): Date {
  assertCount(n);
  let day = toLocalDate(start, calendar);
  if (n === 0) return endOfWorkingDay(nextWorkingDayOnOrAfter(day, calendar), calendar);
  let counted = 0;
  for (let i = 0; i < MAX_DAYS_SEARCHED * 2 && counted < n; i++) {
    day = addDays(day, 1);
    if (isWorkingDay(day, calendar)) counted += 1;
  }
  if (counted < n) throw new InputError(`could not count ${n} working days from ${day}: check the calendar`, 500, 'calendar_invalid');
  return endOfWorkingDay(day, calendar);
}

/**
 * The deadline `n` calendar days after `start` (the start day not counted); when that day is
 * not worked, the deadline moves to the end of the next working day (Civil Code 2015,
 * Art. 148(5)). Returns the end of office hours on that day.
 */
export function addCalendarDays(start: Date, n: number, calendar: WorkingCalendar): Date {
  assertCount(n);
  const day = addDays(toLocalDate(start, calendar), n);
  return endOfWorkingDay(nextWorkingDayOnOrAfter(day, calendar), calendar);
}

/**
 * Time between two instants in working days, counting only office hours of working days
 * (nights, weekends, holidays and the lunch break do not count). One full working day is
 * 1.0; half a morning is a fraction. Returns a negative value when `b` is before `a`.
 * This is the measure for first-response and resolution times in the reports.
 */
export function workingDaysBetween(a: Date, b: Date, calendar: WorkingCalendar): number {
  if (Number.isNaN(a.getTime()) || Number.isNaN(b.getTime())) throw new InputError('invalid date');
  if (b.getTime() < a.getTime()) return -workingDaysBetween(b, a, calendar);
  const perDay = workingMinutesPerDay(calendar);
  const lastDay = localDayOf(b, calendar.timezone);
  let day = localDayOf(a, calendar.timezone);
  let ms = 0;
  for (let i = 0; i < 100_000 && day <= lastDay; i++, day = nextDayOf(day)) {
    for (const [start, end] of officeHoursOf(day, calendar)) {
      const from = Math.max(start, a.getTime());
      const to = Math.min(end, b.getTime());
      if (to > from) ms += to - from;
    }
  }
  return ms / (perDay * 60_000);
}

/** Every zone's offset is a whole number of quarter hours, so one quarter hour has one local day. */
const QUARTER_HOUR_MS = 15 * 60_000;
const localDays = new Map<string, string>();

/** {@link localDateOf}, remembered per quarter hour (a report asks it of thousands of instants). */
function localDayOf(instant: Date, timeZone: string): string {
  const key = `${timeZone}|${Math.floor(instant.getTime() / QUARTER_HOUR_MS)}`;
  let day = localDays.get(key);
  if (day === undefined) {
    if (localDays.size >= 100_000) localDays.clear();
    day = localDateOf(instant, timeZone);
    localDays.set(key, day);
  }
  return day;
}

const nextDays = new Map<string, string>();

/** The local day after `day`, remembered: the same few hundred days are stepped through for every ticket of a report. */
function nextDayOf(day: string): string {
  let next = nextDays.get(day);
  if (next === undefined) {
    if (nextDays.size >= 100_000) nextDays.clear();
    next = addDays(day, 1);
    nextDays.set(day, next);
  }
  return next;
}

const officeHoursByCalendar = new WeakMap<WorkingCalendar, Map<string, [number, number][]>>();

/**
 * The office hours of a local day as instants (none on a day off), remembered per calendar:
 * a report times thousands of tickets over the same days, and each instant costs two
 * time-zone conversions. An edited calendar is a new object, so nothing stale is kept.
 */
function officeHoursOf(day: string, calendar: WorkingCalendar): [number, number][] {
  let byDay = officeHoursByCalendar.get(calendar);
  if (!byDay) {
    byDay = new Map<string, [number, number][]>();
    officeHoursByCalendar.set(calendar, byDay);
  }
  let hours = byDay.get(day);
  if (!hours) {
    hours = isWorkingDay(day, calendar)
      ? calendar.periods.map((p) => [instantAt(day, p.startMinute, calendar.timezone).getTime(), instantAt(day, p.endMinute, calendar.timezone).getTime()])
      : [];
    byDay.set(day, hours);
  }
  return hours;
}
