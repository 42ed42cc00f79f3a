export { CHANNEL_LABELS, KIND_LABELS, STATUS_LABELS } from '../console/index.js';

/** The label of a known key, or the key itself (data written by an older version). */
export function labelOf(labels: Readonly<Record<string, string>>, key: string | undefined): string {
  if (key === undefined || key === '') return '(không rõ)';
  return labels[key] ?? key;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
function formatFor(timeZone: string, withTime: boolean): Intl.DateTimeFormat {
  const id = `${timeZone}|${withTime}`;
  let f = dateFormats.get(id);
  if (!f) {
    f = new Intl.DateTimeFormat(
      'en-GB',
      withTime
        ? { timeZone, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
        : { timeZone, day: '2-digit', month: '2-digit', year: 'numeric' },
    );
    dateFormats.set(id, f);
  }
  return f;
}

/** `dd/mm/yyyy` of an instant in a time zone, as Vietnamese documents write dates. */
export function formatDateVi(instant: Date, timeZone: string): string {
  return formatFor(timeZone, false).format(instant);
}

/** `dd/mm/yyyy HH:mm` of an instant in a time zone. */
export function formatDateTimeVi(instant: Date, timeZone: string): string {
  return formatFor(timeZone, true).format(instant).replace(',', '');
}

/** `dd/mm/yyyy` of a local day written `YYYY-MM-DD`. */
export function formatLocalDateVi(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}
