import { InputError } from '../errors.js';
import { addDays, instantAt, isIsoDate } from '../services/zoned-time.js';
import { formatLocalDateVi } from './labels.js';

/** A report period: local days `from` to `to`, both included. */
export interface ReportPeriod {
  from: string;
  to: string;
  /** How the period is named in the report, e.g. "6 tháng đầu năm 2026". */
  label: string;
  /** The preset it came from, if any (`h1-2026`, `year-2026`, …). */
  preset?: string;
}

/**
 * Presets of the periodic reports. The reporting ones follow the data cut-off dates of
 * Decree No. 09/2019/ND-CP on the reporting regime of state administrative agencies
 * (Government, 24/01/2019), Art. 12: first half year 15 Dec of the previous year to 14 Jun,
 * second half 15 Jun to 14 Dec, whole year 15 Dec of the previous year to 14 Dec. The
 * calendar ones cover 1 Jan–30 Jun, 1 Jul–31 Dec and the calendar year.
 */
export const PERIOD_PRESETS = ['h1', 'h2', 'year', 'cal-h1', 'cal-h2', 'cal-year'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

const PRESET_LABELS: Readonly<Record<PeriodPreset, string>> = {
  h1: '6 tháng đầu năm',
  h2: '6 tháng cuối năm',
  year: 'Năm',
  'cal-h1': '6 tháng đầu năm (theo năm dương lịch)',
  'cal-h2': '6 tháng cuối năm (theo năm dương lịch)',
  'cal-year': 'Năm (theo năm dương lịch)',
};

/** The human name of a preset, for selectors. */
export function presetLabel(preset: PeriodPreset, year: number): string {
  return `${PRESET_LABELS[preset]} ${year}`;
}

/** The period of a preset for a year. */
export function presetPeriod(preset: PeriodPreset, year: number): ReportPeriod {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new InputError('year must be a year such as 2026');
  const range: Record<PeriodPreset, [string, string]> = {
    h1: [`${year - 1}-12-15`, `${year}-06-14`],
    h2: [`${year}-06-15`, `${year}-12-14`],
    year: [`${year - 1}-12-15`, `${year}-12-14`],
    'cal-h1': [`${year}-01-01`, `${year}-06-30`],
    'cal-h2': [`${year}-07-01`, `${year}-12-31`],
    'cal-year': [`${year}-01-01`, `${year}-12-31`],
  };
  const [from, to] = range[preset];
  return { from, to, label: presetLabel(preset, year), preset: `${preset}-${year}` };
}

/** A period of any two days (inclusive). @throws {InputError} for malformed or reversed dates, or more than 3 years. */
export function customPeriod(from: string, to: string): ReportPeriod {
  if (!isIsoDate(from) || !isIsoDate(to)) throw new InputError('from and to must be dates of the form YYYY-MM-DD');
  if (to < from) throw new InputError('the end of the period is before its start');
  if (addDays(from, 3 * 366) < to) throw new InputError('a report covers at most three years');
  return { from, to, label: `Từ ${formatLocalDateVi(from)} đến ${formatLocalDateVi(to)}` };
}

/**
 * Reads a period from a request's query: `preset=h1-2026` (see {@link PERIOD_PRESETS}), or
 * `from` and `to` (`YYYY-MM-DD`). Without either, the first half of the current year.
 */
export function periodFromQuery(query: Record<string, unknown>, today: string): ReportPeriod {
  const preset = typeof query.preset === 'string' ? query.preset.trim() : '';
  const from = typeof query.from === 'string' ? query.from.trim() : '';
  const to = typeof query.to === 'string' ? query.to.trim() : '';
  if (preset && preset !== 'custom') {
    const match = /^([a-z0-9-]+)-(\d{4})$/.exec(preset);
    if (!match || !(PERIOD_PRESETS as readonly string[]).includes(match[1]!))
      throw new InputError(`unknown period "${preset}"; use one of ${PERIOD_PRESETS.map((p) => `${p}-YYYY`).join(', ')}`);
    return presetPeriod(match[1] as PeriodPreset, Number(match[2]));
  }
  if (from || to) return customPeriod(from, to);
  return presetPeriod('h1', Number(today.slice(0, 4)));
}

/** The instants the period covers: from the start of `from` to the start of the day after `to` (exclusive), in the zone. */
export function periodBounds(period: ReportPeriod, timeZone: string): { start: Date; end: Date } {
  return { start: instantAt(period.from, 0, timeZone), end: instantAt(addDays(period.to, 1), 0, timeZone) };
}
