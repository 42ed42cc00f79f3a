/** A number with a sensible precision for a table cell: 1234 → "1234", 12.34 → "12.3", 0.123 → "0.12". */
export function num(value: number, digits?: number): string {
  if (!Number.isFinite(value)) return '–';
  if (digits !== undefined) return value.toFixed(digits);
  const abs = Math.abs(value);
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** "2.1×" for a ratio; "–" when the baseline is missing. */
export function ratio(value: number, baseline: number): string {
  if (!(baseline > 0) || !Number.isFinite(value)) return '–';
  return `${(value / baseline).toFixed(2)}×`;
}

/** Renders rows as a Markdown table (it reads well in a terminal and pastes into docs as is). */
export function markdownTable(headers: string[], rows: (string | number)[][]): string {
  const cells = rows.map((row) => row.map((c) => String(c)));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (values: string[]) => `| ${values.map((v, i) => v.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}
