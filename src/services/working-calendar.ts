import { readFileSync } from 'node:fs';
import { ConfigError } from '../errors.js';
import { isIsoDate, isKnownTimeZone, weekdayOf } from './zoned-time.js';

/** One span of office hours in a working day, in minutes after local midnight. */
interface WorkingPeriod {
  startMinute: number;
  endMinute: number;
}

/**
 * The department's working calendar: which local days count and which hours of them.
 * Built by {@link parseWorkingCalendar}; every field is already validated.
 */
export interface WorkingCalendar {
  /** IANA zone the days and hours are read in, e.g. `Asia/Ho_Chi_Minh`. */
  readonly timezone: string;
  /** Days of the week that are working days unless a holiday: 0 = Sunday … 6 = Saturday. */
  readonly workingWeekdays: ReadonlySet<number>;
  /** Office hours of a working day, sorted and not overlapping (the gap is the lunch break). */
  readonly periods: readonly WorkingPeriod[];
  /** Observed days off (`YYYY-MM-DD`) with their Vietnamese name. */
  readonly holidays: ReadonlyMap<string, string>;
  /** Days that are worked although their weekday is not (compensatory Saturdays). */
  readonly extraWorkingDays: ReadonlySet<string>;
  /** Years whose holidays the calendar lists; dates outside are computed from weekdays only. */
  readonly coveredYears: ReadonlySet<number>;
}

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

type Raw = Record<string, unknown>;

function isRecord(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseClock(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value) ?? (value === '24:00' ? ['', '24', '00'] : null);
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

function nameOf(entry: Raw): string | undefined {
  const name = entry.name;
  if (typeof name === 'string') return name;
  if (isRecord(name) && typeof name.vi === 'string') return name.vi;
  return undefined;
}

/**
 * Validates a calendar read from JSON and returns it ready for the working-day functions.
 * Throws a {@link ConfigError} that lists every problem as `file: field: what is wrong`.
 */
export function parseWorkingCalendar(raw: unknown, file: string): WorkingCalendar {
  const problems: string[] = [];
  const problem = (field: string, message: string): void => {
    problems.push(`${file}: ${field}: ${message}`);
  };
  if (!isRecord(raw)) throw new ConfigError([`${file}: must be a JSON object`]);

  const timezone = typeof raw.timezone === 'string' ? raw.timezone : '';
  if (!timezone || !isKnownTimeZone(timezone)) problem('timezone', 'must be an IANA time zone such as "Asia/Ho_Chi_Minh"');

  const coveredYears = new Set<number>();
  if (!Array.isArray(raw.coveredYears) || raw.coveredYears.length === 0)
    problem('coveredYears', 'must list the years whose holidays are given, e.g. [2026, 2027]');
  else
    raw.coveredYears.forEach((y, i) =>
      Number.isInteger(y) && (y as number) >= 2000 && (y as number) <= 2100
        ? coveredYears.add(y as number)
        : problem(`coveredYears[${i}]`, 'must be a year such as 2026'),
    );

  const workingWeekdays = new Set<number>();
  if (!Array.isArray(raw.workingWeekdays) || raw.workingWeekdays.length === 0)
    problem('workingWeekdays', `must list days such as ["mon","tue","wed","thu","fri"]`);
  else
    raw.workingWeekdays.forEach((d, i) => {
      const index = WEEKDAYS.indexOf(String(d).toLowerCase() as (typeof WEEKDAYS)[number]);
      if (index < 0) problem(`workingWeekdays[${i}]`, `must be one of ${WEEKDAYS.join(', ')}`);
      else workingWeekdays.add(index);
    });

  const periods: WorkingPeriod[] = [];
  if (!Array.isArray(raw.workingHours) || raw.workingHours.length === 0) problem('workingHours', 'must list periods such as [{"start":"07:30","end":"11:30"}]');
  else
    raw.workingHours.forEach((p, i) => {
      const start = isRecord(p) ? parseClock(p.start) : undefined;
      const end = isRecord(p) ? parseClock(p.end) : undefined;
      if (start === undefined) problem(`workingHours[${i}].start`, 'must be a time "HH:MM"');
      if (end === undefined) problem(`workingHours[${i}].end`, 'must be a time "HH:MM"');
      if (start !== undefined && end !== undefined) {
        if (end <= start) problem(`workingHours[${i}]`, 'end must be after start');
        else periods.push({ startMinute: start, endMinute: end });
      }
    });
  periods.sort((a, b) => a.startMinute - b.startMinute);
  for (let i = 1; i < periods.length; i++) {
    if (periods[i]!.startMinute < periods[i - 1]!.endMinute) problem('workingHours', 'periods must not overlap');
  }

  const inCoveredYear = (date: string): boolean => coveredYears.has(Number(date.slice(0, 4)));
  const holidays = new Map<string, string>();
  if (!Array.isArray(raw.holidays)) problem('holidays', 'must be a list (it may be empty)');
  else
    raw.holidays.forEach((h, i) => {
      const field = `holidays[${i}]`;
      if (!isRecord(h) || !isIsoDate(h.date)) return problem(`${field}.date`, 'must be a real date "YYYY-MM-DD"');
      const name = nameOf(h);
      if (!name) problem(`${field}.name`, 'must give the name, e.g. {"vi": "Quốc khánh", "en": "National Day"}');
      if (!inCoveredYear(h.date)) problem(`${field}.date`, `${h.date} is outside coveredYears`);
      if (holidays.has(h.date)) problem(`${field}.date`, `${h.date} is listed twice`);
      holidays.set(h.date, name ?? '');
    });

  const extraWorkingDays = new Set<string>();
  if (raw.workingSaturdays !== undefined && !Array.isArray(raw.workingSaturdays)) problem('workingSaturdays', 'must be a list');
  else
    ((raw.workingSaturdays as unknown[] | undefined) ?? []).forEach((w, i) => {
      const field = `workingSaturdays[${i}]`;
      if (!isRecord(w) || !isIsoDate(w.date)) return problem(`${field}.date`, 'must be a real date "YYYY-MM-DD"');
      if (workingWeekdays.has(weekdayOf(w.date))) problem(`${field}.date`, `${w.date} is already a working weekday`);
      if (holidays.has(w.date)) problem(`${field}.date`, `${w.date} is also listed as a holiday`);
      if (!inCoveredYear(w.date)) problem(`${field}.date`, `${w.date} is outside coveredYears`);
      extraWorkingDays.add(w.date);
    });

  if (problems.length > 0) throw new ConfigError(problems);
  return { timezone, workingWeekdays, periods, holidays, extraWorkingDays, coveredYears };
}

/** Reads and validates a calendar file (by default `content/calendar.json`). */
export function loadWorkingCalendar(file = 'content/calendar.json'): WorkingCalendar {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError([`${file}: cannot be read as JSON (${err instanceof Error ? err.message : String(err)})`]);
  }
  return parseWorkingCalendar(raw, file);
}
