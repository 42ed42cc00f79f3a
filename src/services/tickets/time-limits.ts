import { readFileSync } from 'node:fs';
import { ConfigError } from '../../errors.js';
import { TICKET_KINDS, type TicketKind } from '../../db/models/ticket.js';
import { addCalendarDays, addWorkingDays, type WorkingCalendar } from '../working-days.js';

type TimeLimitUnit = 'working_days' | 'calendar_days';

interface LegalSource {
  document: string;
  issuer: string;
  date: string;
  inForce?: string;
  articles?: string;
}

/** How long the department has for one kind of ticket, and why. */
interface TimeLimit {
  days: number;
  unit: TimeLimitUnit;
  /** True for a target the department set itself; false for a limit set by law. */
  departmentChoice: boolean;
  basis: { vi: string; en: string };
  sources: LegalSource[];
}

export type TimeLimits = Readonly<Record<TicketKind, TimeLimit>>;

const UNITS: readonly TimeLimitUnit[] = ['working_days', 'calendar_days'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates time limits read from JSON: one entry per ticket kind. Throws a
 * {@link ConfigError} listing every problem as `file: field: what is wrong`.
 */
export function parseTimeLimits(raw: unknown, file: string): TimeLimits {
  const problems: string[] = [];
  const problem = (field: string, message: string): void => {
    problems.push(`${file}: ${field}: ${message}`);
  };
  const kinds = isRecord(raw) ? raw.kinds : undefined;
  if (!isRecord(kinds)) throw new ConfigError([`${file}: kinds: must be an object with one entry per ticket kind (${TICKET_KINDS.join(', ')})`]);
  const limits: Partial<Record<TicketKind, TimeLimit>> = {};
  for (const kind of TICKET_KINDS) {
    const entry = kinds[kind];
    const field = `kinds.${kind}`;
    if (!isRecord(entry)) {
      problem(field, 'is missing');
      continue;
    }
    const { days, unit, departmentChoice, basis, sources } = entry;
    if (!Number.isInteger(days) || (days as number) < 1 || (days as number) > 365) problem(`${field}.days`, 'must be a whole number of days from 1 to 365');
    if (!UNITS.includes(unit as TimeLimitUnit)) problem(`${field}.unit`, `must be one of ${UNITS.join(', ')}`);
    if (typeof departmentChoice !== 'boolean') problem(`${field}.departmentChoice`, "must be true (the department's own target) or false (a legal limit)");
    if (!isRecord(basis) || typeof basis.vi !== 'string' || typeof basis.en !== 'string' || !basis.vi || !basis.en)
      problem(`${field}.basis`, 'must explain the limit in {"vi": …, "en": …}');
    if (!Array.isArray(sources)) problem(`${field}.sources`, 'must be a list (empty for a department target)');
    else {
      sources.forEach((s, i) => {
        if (!isRecord(s) || typeof s.document !== 'string' || typeof s.issuer !== 'string' || typeof s.date !== 'string') {
          problem(`${field}.sources[${i}]`, 'must name the document, issuer and date');
        }
      });
      if (departmentChoice === false && sources.length === 0) problem(`${field}.sources`, 'a legal limit must cite its source');
    }
    limits[kind] = entry as unknown as TimeLimit;
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return limits as TimeLimits;
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
