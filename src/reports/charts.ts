import { html, type SafeHtml } from '../console/index.js';
import type { CountRow } from './figures.js';

export interface BarChartOptions {
  /** Read by screen readers and shown as the tooltip of the chart. */
  title: string;
  /** Width in px of the whole chart. Default 640. */
  width?: number;
  /** Bar colour. Default the console's accent blue. */
  color?: string;
  /** How a value is printed after its bar. Default the number itself. */
  format?: (value: number) => string;
}

const LABEL_WIDTH = 230;
const ROW_HEIGHT = 26;
const BAR_HEIGHT = 18;

/**
 * A horizontal bar chart as inline SVG, drawn on the server (no script, no external file):
 * one bar per row, labels on the left, values on the right. Every text is escaped.
 */
export function barChart(rows: readonly CountRow[], options: BarChartOptions): SafeHtml {
  const width = options.width ?? 640;
  const color = /^#[0-9a-f]{3,6}$/i.test(options.color ?? '') ? options.color! : '#0b5cad';
  const format = options.format ?? ((v: number) => String(v));
  const max = Math.max(1, ...rows.map((r) => r.count));
  const barSpace = width - LABEL_WIDTH - 60;
  const height = Math.max(1, rows.length) * ROW_HEIGHT + 4;
  const bars = rows.map((row, i) => {
    const y = i * ROW_HEIGHT + 2;
    const barWidth = Math.round((row.count / max) * barSpace);
    const label = row.label.length > 34 ? `${row.label.slice(0, 33)}…` : row.label;
    return html`<g>
<text x="${LABEL_WIDTH - 8}" y="${y + BAR_HEIGHT - 4}" text-anchor="end" font-size="13" fill="#1d2430">${label}<title>${row.label}</title></text>
<rect x="${LABEL_WIDTH}" y="${y}" width="${Math.max(barWidth, row.count > 0 ? 2 : 0)}" height="${BAR_HEIGHT}" rx="3" fill="${color}"></rect>
<text x="${LABEL_WIDTH + barWidth + 6}" y="${y + BAR_HEIGHT - 4}" font-size="13" fill="#1d2430">${format(row.count)}</text>
</g>`;
  });
  const empty = rows.length === 0 ? html`<text x="${LABEL_WIDTH}" y="18" font-size="13" fill="#5d6675">Không có số liệu</text>` : '';
  return html`<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${options.title}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><title>${options.title}</title>${bars}${empty}</svg>`;
}

/** A number of working days with one decimal, Vietnamese style ("1,5"); a dash when there is none. */
export function formatDays(value: number | undefined): string {
  return value === undefined ? '–' : value.toFixed(1).replace('.', ',');
}

/** A share as a percentage with one decimal ("87,5%"); a dash when there is none. */
export function formatShare(value: number | undefined): string {
  return value === undefined ? '–' : `${(value * 100).toFixed(1).replace('.', ',')}%`;
}
