import { readFileSync } from 'node:fs';
import { CalendarEditModel } from '../../db/models/calendar-edit.js';
import { ConfigError, InputError } from '../../errors.js';
import { log } from '../../log.js';
import { writeAudit, type StaffActor } from '../../services/audit.js';
import { parseWorkingCalendar, type WorkingCalendar } from '../../services/working-days.js';
import { isIsoDate, weekdayOf } from '../../services/zoned-time.js';

const calendarLog = log.child({ module: 'console.calendar' });

/** The shipped calendar file the console's edits apply on top of. */
const DEFAULT_CALENDAR_FILE = 'content/calendar.json';

export type CalendarChange = 'holiday' | 'working' | 'extra_working';

export interface CalendarEditInput {
  date: string;
  change: CalendarChange;
  name?: string;
}

interface RawDay {
  date: string;
  name?: unknown;
  [field: string]: unknown;
}

interface RawCalendar {
  coveredYears?: unknown;
  holidays?: RawDay[];
  workingSaturdays?: RawDay[];
  [field: string]: unknown;
}

function readRaw(file: string): RawCalendar {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as RawCalendar;
  } catch (err) {
    throw new ConfigError([`${file}: cannot be read as JSON (${err instanceof Error ? err.message : String(err)})`]);
  }
}

function coveredYearsOf(raw: RawCalendar): Set<number> {
  return new Set(Array.isArray(raw.coveredYears) ? raw.coveredYears.filter((y): y is number => Number.isInteger(y)) : []);
}

/** Applies edits (latest per date) to the raw calendar; edits outside the covered years are skipped. */
function applyEdits(raw: RawCalendar, edits: CalendarEditInput[]): RawCalendar {
  const covered = coveredYearsOf(raw);
  let holidays = [...(Array.isArray(raw.holidays) ? raw.holidays : [])];
  let saturdays = [...(Array.isArray(raw.workingSaturdays) ? raw.workingSaturdays : [])];
  for (const edit of edits) {
    if (!covered.has(Number(edit.date.slice(0, 4)))) {
      calendarLog.warn({ date: edit.date }, 'calendar edit outside the covered years is ignored');
      continue;
    }
    holidays = holidays.filter((h) => h.date !== edit.date);
    saturdays = saturdays.filter((s) => s.date !== edit.date);
    if (edit.change === 'holiday') holidays.push({ date: edit.date, name: { vi: edit.name ?? 'Ngày nghỉ', en: edit.name ?? 'Day off' }, source: 'console' });
    if (edit.change === 'extra_working') saturdays.push({ date: edit.date, source: 'console' });
  }
  holidays.sort((a, b) => a.date.localeCompare(b.date));
  saturdays.sort((a, b) => a.date.localeCompare(b.date));
  return { ...raw, holidays, workingSaturdays: saturdays };
}

async function storedEdits(): Promise<CalendarEditInput[]> {
  const rows = await CalendarEditModel.find({}).sort({ _id: 1 }).lean();
  return rows.map((r) => ({ date: r._id, change: r.change, name: r.name ?? undefined }));
}

/**
 * The working calendar in force: `content/calendar.json` with the admins' additions and
 * removals from the `calendar_edits` collection applied (an edit replaces whatever the file
 * says about that date). Validated like the file; throws {@link ConfigError} if the result
 * is not a valid calendar. Hand it to the working-day functions.
 */
export async function loadEffectiveCalendar(file = DEFAULT_CALENDAR_FILE): Promise<WorkingCalendar> {
  return parseWorkingCalendar(applyEdits(readRaw(file), await storedEdits()), `${file} with console edits`);
}

/** One day of the effective calendar, for the admin page. */
export interface CalendarDay {
  date: string;
  kind: 'holiday' | 'extra_working' | 'working';
  name?: string;
  /** Where the entry comes from: the file, or an admin's edit (who, when). */
  source: 'file' | { editedBy: string; editedAt: Date };
}

function nameText(name: unknown): string | undefined {
  if (typeof name === 'string') return name;
  if (name && typeof name === 'object' && typeof (name as { vi?: unknown }).vi === 'string') return (name as { vi: string }).vi;
  return undefined;
}

/** The days off and extra working days of a year as now in force, with their origin; plus the covered years. */
export async function describeCalendarYear(year: number, file = DEFAULT_CALENDAR_FILE): Promise<{ days: CalendarDay[]; coveredYears: number[] }> {
  const raw = readRaw(file);
  const rows = await CalendarEditModel.find({}).lean();
  const byDate = new Map(rows.map((r) => [r._id, r]));
  const effective = applyEdits(
    raw,
    rows.map((r) => ({ date: r._id, change: r.change, name: r.name ?? undefined })),
  );
  const prefix = `${year}-`;
  const sourceOf = (date: string): CalendarDay['source'] => {
    const edit = byDate.get(date);
    return edit ? { editedBy: edit.editedBy, editedAt: edit.editedAt } : 'file';
  };
  const days: CalendarDay[] = [
    ...(effective.holidays ?? [])
      .filter((h) => h.date.startsWith(prefix))
      .map((h) => ({ date: h.date, kind: 'holiday' as const, name: nameText(h.name), source: sourceOf(h.date) })),
    ...(effective.workingSaturdays ?? [])
      .filter((s) => s.date.startsWith(prefix))
      .map((s) => ({ date: s.date, kind: 'extra_working' as const, source: sourceOf(s.date) })),
    // A removed day off shows as a working day edited by an admin.
    ...rows.filter((r) => r.change === 'working' && r._id.startsWith(prefix)).map((r) => ({ date: r._id, kind: 'working' as const, source: sourceOf(r._id) })),
  ];
  days.sort((a, b) => a.date.localeCompare(b.date));
  return { days, coveredYears: [...coveredYearsOf(raw)].sort() };
}

/**
 * Stores an admin's change to one date after checking that the calendar stays valid (a date
 * in a covered year; an extra working day on a weekend; a name for a day off). Audited.
 * Returns the new effective calendar.
 */
export async function saveCalendarEdit(input: CalendarEditInput, actor: StaffActor, file = DEFAULT_CALENDAR_FILE, now = new Date()): Promise<WorkingCalendar> {
  if (!isIsoDate(input.date)) throw new InputError('Ngày phải có dạng YYYY-MM-DD và là ngày có thật.');
  const raw = readRaw(file);
  const covered = coveredYearsOf(raw);
  if (!covered.has(Number(input.date.slice(0, 4)))) {
    throw new InputError(`Lịch chỉ gồm các năm ${[...covered].sort().join(', ')}; thêm năm mới vào content/calendar.json trước.`);
  }
  const name = input.name?.trim().slice(0, 200);
  if (input.change === 'holiday' && !name) throw new InputError('Hãy ghi tên ngày nghỉ (ví dụ: Nghỉ bù Quốc khánh).');
  if (input.change === 'extra_working' && ![0, 6].includes(weekdayOf(input.date))) throw new InputError('Ngày làm bù phải là thứ Bảy hoặc Chủ nhật.');
  const edits = (await storedEdits()).filter((e) => e.date !== input.date);
  edits.push({ date: input.date, change: input.change, name });
  let calendar: WorkingCalendar;
  try {
    calendar = parseWorkingCalendar(applyEdits(raw, edits), `${file} with console edits`);
  } catch (err) {
    if (err instanceof ConfigError) throw new InputError(`Lịch không hợp lệ sau thay đổi này: ${err.problems.join('; ')}`);
    throw err;
  }
  await CalendarEditModel.updateOne({ _id: input.date }, { $set: { change: input.change, name, editedAt: now, editedBy: actor.username } }, { upsert: true });
  await writeAudit(
    { actor, action: 'calendar.edit', targetType: 'calendar', targetId: input.date, details: { change: input.change, ...(name ? { name } : {}) } },
    now,
  );
  return calendar;
}

/** Forgets an admin's change to a date (the file's entry applies again). Audited. */
export async function removeCalendarEdit(date: string, actor: StaffActor, file = DEFAULT_CALENDAR_FILE, now = new Date()): Promise<WorkingCalendar> {
  if (!isIsoDate(date)) throw new InputError('Ngày phải có dạng YYYY-MM-DD.');
  const result = await CalendarEditModel.deleteOne({ _id: date });
  if (result.deletedCount > 0) {
    await writeAudit({ actor, action: 'calendar.revert', targetType: 'calendar', targetId: date }, now);
  }
  return loadEffectiveCalendar(file);
}
