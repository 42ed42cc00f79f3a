import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { formatProblem, type ContentProblem } from '../../content/errors.js';
import { readShape } from '../../content/fields.js';
import { ConfigError } from '../../errors.js';
import { TICKET_KINDS, type TicketKind } from '../../db/models/ticket.js';
import { addCalendarDays, addWorkingDays, type WorkingCalendar } from '../working-days.js';

const UNITS = ['working_days', 'calendar_days'] as const;

const legalSource = z.object(
  { document: z.string(), issuer: z.string(), date: z.string(), inForce: z.string().optional(), articles: z.string().optional() },
  'must name the document, issuer and date',
);

/** How long the department has for one kind of ticket, and why. */
const timeLimit = z
  .object(
    {
      days: z.number().refine((days) => Number.isInteger(days) && days >= 1 && days <= 365, 'must be a whole number of days from 1 to 365'),
      unit: z.enum(UNITS, `must be one of ${UNITS.join(', ')}`),
      /** True for a target the department set itself; false for a limit set by law. */
      departmentChoice: z.boolean("must be true (the department's own target) or false (a legal limit)"),
      basis: z.object({ vi: z.string().min(1), en: z.string().min(1) }, 'must explain the limit in {"vi": …, "en": …}'),
      sources: z.array(legalSource, 'must be a list (empty for a department target)'),
    },
    { error: (issue) => (issue.input === undefined ? 'is missing' : 'must be an object') },
  )
  .refine((limit) => limit.departmentChoice || limit.sources.length > 0, { path: ['sources'], message: 'a legal limit must cite its source' });

/** The file: one entry per ticket kind (`_note`, `reviewedAt` are notes). */
const timeLimitsFile = z.object(
  {
    kinds: z.object(
      Object.fromEntries(TICKET_KINDS.map((kind) => [kind, timeLimit])) as Record<TicketKind, typeof timeLimit>,
      `must be an object with one entry per ticket kind (${TICKET_KINDS.join(', ')})`,
    ),
  },
  'must be a JSON object',
);

export type TimeLimits = Readonly<z.output<typeof timeLimitsFile>['kinds']>;

/**
 * Validates time limits read from JSON: one entry per ticket kind. Throws a
 * {@link ConfigError} listing every problem as `file: field: what is wrong`.
 */
export function parseTimeLimits(raw: unknown, file: string): TimeLimits {
  const problems: ContentProblem[] = [];
  const limits = readShape(timeLimitsFile, raw, file, problems);
  if (!limits) throw new ConfigError(problems.map(formatProblem));
  return limits.kinds;
}

/** Reads and validates the time limits file (by default `content/time-limits.json`). */
export function loadTimeLimits(file = 'content/time-limits.json'): TimeLimits {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError([`${file}: cannot be read as JSON (${err instanceof Error ? err.message : String(err)})`]);
  }
  return parseTimeLimits(raw, file);
}

/** When a ticket of this kind received at `receivedAt` is due, per its time limit and the calendar. */
export function dueDateFor(kind: TicketKind, receivedAt: Date, limits: TimeLimits, calendar: WorkingCalendar): Date {
  const limit = limits[kind];
  return limit.unit === 'working_days' ? addWorkingDays(receivedAt, limit.days, calendar) : addCalendarDays(receivedAt, limit.days, calendar);
}
