/**
 * Wall-clock arithmetic in a named time zone, with no dependency beyond `Intl`. Dates of the
 * form `YYYY-MM-DD` are local calendar days in that zone; instants are `Date`s.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True when `Intl` knows the zone (e.g. `Asia/Ho_Chi_Minh`). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    // RangeError is how Intl reports an unknown zone; the caller turns `false` into its own message.
    return false;
  }
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClockAt(instant: Date, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
  };
}

/** Offset of the zone from UTC at an instant, in minutes (Asia/Ho_Chi_Minh: +420). */
function offsetMinutesAt(instant: Date, timeZone: string): number {
  const w = wallClockAt(instant, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  const wholeSeconds = Math.floor(instant.getTime() / 1000) * 1000;
  return Math.round((asUtc - wholeSeconds) / 60_000);
}

/** The local calendar day (`YYYY-MM-DD`) of an instant in the zone. */
export function localDateOf(instant: Date, timeZone: string): string {
  const w = wallClockAt(instant, timeZone);
  return `${w.year}-${pad2(w.month)}-${pad2(w.day)}`;
}

/** The local year of an instant in the zone. */
export function localYearOf(instant: Date, timeZone: string): number {
  return wallClockAt(instant, timeZone).year;
}

/** The instant at which the zone's clock shows `minuteOfDay` on the local day `date`. */
export function instantAt(date: string, minuteOfDay: number, timeZone: string): Date {
  const [year, month, day] = splitDate(date);
  const wall = Date.UTC(year, month - 1, day, 0, minuteOfDay);
  // Two passes settle the offset even on a day whose offset changes (zones with summer time).
  let guess = wall - offsetMinutesAt(new Date(wall), timeZone) * 60_000;
  guess = wall - offsetMinutesAt(new Date(guess), timeZone) * 60_000;
  return new Date(guess);
}

/** `date` moved by `days` calendar days. */
export function addDays(date: string, days: number): string {
  const [year, month, day] = splitDate(date);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** Calendar days from local day `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  const [fy, fm, fd] = splitDate(from);
  const [ty, tm, td] = splitDate(to);
  return Math.round((Date.UTC(ty, tm - 1, td) - Date.UTC(fy, fm - 1, fd)) / 86_400_000);
}

/** The months (`YYYY-MM`) from the one of local day `from` to the one of `to`, both included. */
export function monthsCovering(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, month] = [Number(from.slice(0, 4)), Number(from.slice(5, 7))];
  const last = to.slice(0, 7);
  for (let i = 0; i < 1_200; i += 1) {
    const key = `${year}-${String(month).padStart(2, '0')}`;
    if (key > last) break;
    months.push(key);
    month += 1;
    if (month > 12) [year, month] = [year + 1, 1];
  }
  return months;
}

/** Day of the week of a local day: 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: string): number {
  const [year, month, day] = splitDate(date);
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

/** A string {@link isIsoDate} accepted. Branded, so a string it refused is still known to be a string. */
type IsoDate = string & { readonly isoDateBrand: true };

/** True for a real calendar day written `YYYY-MM-DD`. */
export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [year, month, day] = splitDate(value);
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

function splitDate(date: string): [number, number, number] {
  const [y, m, d] = date.split('-').map(Number);
  return [y!, m!, d!];
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
