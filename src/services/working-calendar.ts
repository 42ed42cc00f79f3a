import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { formatProblem, type ContentProblem } from '../content/errors.js';
import { readShape } from '../content/fields.js';
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

/** `HH:MM` (or `24:00`) as minutes after midnight. */
const clock = z.string().transform((value, ctx) => {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value) ?? (value === '24:00' ? ['', '24', '00'] : null);
  if (match) return Number(match[1]) * 60 + Number(match[2]);
  ctx.addIssue({ code: 'custom', message: 'must be a time "HH:MM"' });
  return z.NEVER;
});

const realDate = z.string().refine(isIsoDate, 'must be a real date "YYYY-MM-DD"');
const nameError = 'must give the name, e.g. {"vi": "Quốc khánh", "en": "National Day"}';

/** The calendar file as written; extra fields (`_note`, a holiday's `status` and `source`) are notes. */
const calendarFile = z
  .object(
    {
      timezone: z.string().refine(isKnownTimeZone, 'must be an IANA time zone such as "Asia/Ho_Chi_Minh"'),
      coveredYears: z
        .array(
          z.number().refine((year) => Number.isInteger(year) && year >= 2000 && year <= 2100, 'must be a year such as 2026'),
          'must list the years whose holidays are given, e.g. [2026, 2027]',
        )
        .min(1, 'must list the years whose holidays are given, e.g. [2026, 2027]'),
      workingWeekdays: z
        .array(
          z.preprocess((day) => String(day).toLowerCase(), z.enum(WEEKDAYS, `must be one of ${WEEKDAYS.join(', ')}`)),
          'must list days such as ["mon","tue","wed","thu","fri"]',
        )
        .min(1, 'must list days such as ["mon","tue","wed","thu","fri"]'),
      workingHours: z
        .array(
          z.object({ start: clock, end: clock }, 'must be a period such as {"start":"07:30","end":"11:30"}'),
          'must list periods such as [{"start":"07:30","end":"11:30"}]',
        )
        .min(1, 'must list periods such as [{"start":"07:30","end":"11:30"}]'),
      holidays: z.array(
        z.object(
          {
            date: realDate,
            name: z.union([z.string().min(1), z.object({ vi: z.string().min(1) }).transform((name) => name.vi)], nameError),
          },
          'must be a holiday such as {"date": "2026-09-02", "name": {"vi": "Quốc khánh"}}',
        ),
        'must be a list (it may be empty)',
      ),
      workingSaturdays: z.array(z.object({ date: realDate }, 'must be a day such as {"date": "2026-08-22"}'), 'must be a list').default([]),
    },
    'must be a JSON object',
  )
  .superRefine((raw, ctx) => {
    // Rules across fields: read only once each field on its own is right.
    const problem = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const covered = (date: string) => raw.coveredYears.includes(Number(date.slice(0, 4)));
    const periods = [...raw.workingHours].sort((a, b) => a.start - b.start);
    raw.workingHours.forEach((p, i) => {
      if (p.end <= p.start) problem(['workingHours', i], 'end must be after start');
    });
    for (let i = 1; i < periods.length; i++) if (periods[i]!.start < periods[i - 1]!.end) problem(['workingHours'], 'periods must not overlap');
    const seen = new Set<string>();
    raw.holidays.forEach((h, i) => {
      if (!covered(h.date)) problem(['holidays', i, 'date'], `${h.date} is outside coveredYears`);
      if (seen.has(h.date)) problem(['holidays', i, 'date'], `${h.date} is listed twice`);
      seen.add(h.date);
    });
    const weekdays = new Set(raw.workingWeekdays.map((day) => WEEKDAYS.indexOf(day)));
    raw.workingSaturdays.forEach((w, i) => {
      if (weekdays.has(weekdayOf(w.date))) problem(['workingSaturdays', i, 'date'], `${w.date} is already a working weekday`);
      if (seen.has(w.date)) problem(['workingSaturdays', i, 'date'], `${w.date} is also listed as a holiday`);
      if (!covered(w.date)) problem(['workingSaturdays', i, 'date'], `${w.date} is outside coveredYears`);
    });
  });

/**
 * Validates a calendar read from JSON and returns it ready for the working-day functions.
 * Throws a {@link ConfigError} that lists every problem as `file: field: what is wrong`.
 */
export function parseWorkingCalendar(raw: unknown, file: string): WorkingCalendar {
  const problems: ContentProblem[] = [];
  const calendar = readShape(calendarFile, raw, file, problems);
  if (!calendar) throw new ConfigError(problems.map(formatProblem));
  return {
    timezone: calendar.timezone,
    workingWeekdays: new Set(calendar.workingWeekdays.map((day) => WEEKDAYS.indexOf(day))),
    periods: calendar.workingHours.map((p) => ({ startMinute: p.start, endMinute: p.end })).sort((a, b) => a.startMinute - b.startMinute),
    holidays: new Map(calendar.holidays.map((h) => [h.date, h.name])),
    extraWorkingDays: new Set(calendar.workingSaturdays.map((w) => w.date)),
    coveredYears: new Set(calendar.coveredYears),
  };
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
