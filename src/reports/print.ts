import { createHash } from 'node:crypto';
import { html, type SafeHtml, trustedHtml } from '../console/index.js';
import { barChart, formatDays, formatShare } from './charts.js';
import type { CountRow, ReportFigures } from './figures.js';
import type { ReportHeading } from './heading.js';
import { formatLocalDateVi } from './labels.js';
import type { ReportPeriod } from './period.js';

/** Print styles: A4, Times New Roman 13–14 pt, margins as administrative documents use. */
const PRINT_STYLE = `
@page { size: A4; margin: 20mm 15mm 20mm 30mm; }
body { font-family: "Times New Roman", Times, serif; font-size: 14pt; line-height: 1.35; color: #000; margin: 0 auto; max-width: 170mm; }
table.heading { width: 100%; border-collapse: collapse; margin-bottom: 12pt; }
table.heading td { vertical-align: top; text-align: center; padding: 0; font-size: 13pt; }
table.heading td.left { width: 40%; }
.upper { text-transform: uppercase; }
.bold { font-weight: bold; }
.rule { display: block; width: 30%; margin: 2pt auto 0; border-top: 1px solid #000; }
.rule.wide { width: 55%; }
.date { font-style: italic; margin-top: 8pt; }
h1 { font-size: 14pt; text-align: center; margin: 18pt 0 0; }
p.subtitle { text-align: center; font-weight: bold; margin: 2pt 0; }
p.period { text-align: center; font-style: italic; margin: 2pt 0 14pt; }
h2 { font-size: 14pt; margin: 14pt 0 6pt; }
table.data { width: 100%; border-collapse: collapse; margin: 4pt 0 10pt; font-size: 13pt; }
table.data th, table.data td { border: 1px solid #000; padding: 2pt 5pt; text-align: left; }
table.data td.n, table.data th.n { text-align: right; white-space: nowrap; }
.chart { margin: 4pt 0 10pt; }
.sign { width: 100%; margin-top: 24pt; border-collapse: collapse; }
.sign td { vertical-align: top; width: 50%; font-size: 12pt; }
.sign td.right { text-align: center; font-weight: bold; font-size: 14pt; }
@media print { .chart svg { max-width: 100%; height: auto; } }
`;

/**
 * The Content-Security-Policy for the printable document: nothing may load or run except its
 * own inline style block, allowed by its hash (the console's policy forbids inline styles).
 */
export const PRINT_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(PRINT_STYLE).digest('base64')}'`,
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function countTable(caption: string, rows: readonly CountRow[], total?: number): SafeHtml {
  const body = rows.map(
    (r) => html`<tr><td>${r.label}</td><td class="n">${r.count}</td>${total ? html`<td class="n">${formatShare(r.count / total)}</td>` : ''}</tr>`,
  );
  return html`<table class="data"><thead><tr><th>${caption}</th><th class="n">Số lượng</th>${total ? html`<th class="n">Tỷ lệ</th>` : ''}</tr></thead><tbody>${body}</tbody></table>`;
}

export interface PrintOptions {
  heading: ReportHeading;
  period: ReportPeriod;
  /** When the report was made (its date line). */
  issuedAt: Date;
  timezone: string;
  /** The department the report covers, or undefined for the whole department of S&T. */
  departmentName?: string;
}

function dateLine(place: string, at: Date, timeZone: string): string {
  const [day, month, year] = new Intl.DateTimeFormat('en-GB', { timeZone, day: '2-digit', month: '2-digit', year: 'numeric' }).format(at).split('/');
  return `${place}, ngày ${day} tháng ${month} năm ${year}`;
}

/**
 * The report as a print-ready HTML document (A4; print or save as PDF from the browser) with
 * the administrative heading: the superior body and the department on the left, the national
 * name and motto on the right, the place and date, then the title, the period and the figures
 * in numbered sections, and the signature block. Self-contained: one inline style, no script,
 * no external file.
 */
export function printableReport(figures: ReportFigures, options: PrintOptions): string {
  const { heading, period } = options;
  const from = formatLocalDateVi(period.from);
  const to = formatLocalDateVi(period.to);
  const scope = options.departmentName ? html`<p class="subtitle">${options.departmentName}</p>` : '';
  const doc = html`<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>Báo cáo ${period.label} · ${heading.agency}</title>
<style>${trustedHtml(PRINT_STYLE)}</style>
</head>
<body>
<table class="heading"><tr>
<td class="left"><div class="upper">${heading.superior}</div><div class="upper bold">${heading.agency}</div><span class="rule"></span><div>Số: ……/${heading.numberSymbol}</div></td>
<td><div class="upper bold">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</div><div class="bold">Độc lập - Tự do - Hạnh phúc</div><span class="rule wide"></span><div class="date">${dateLine(heading.place, options.issuedAt, options.timezone)}</div></td>
</tr></table>
<h1>BÁO CÁO</h1>
<p class="subtitle">Kết quả tiếp nhận, trả lời câu hỏi, khiếu nại, kiến nghị của người dân và doanh nghiệp qua hệ thống Cầu Nối</p>
${scope}
<p class="period">${period.label} (số liệu từ ngày ${from} đến ngày ${to})</p>

<h2>I. TÌNH HÌNH TIẾP NHẬN</h2>
<p>Trong kỳ, hệ thống tiếp nhận ${figures.total} phiếu.</p>
${countTable('Loại', figures.byKind, figures.total)}
${countTable('Lĩnh vực', figures.byTopic, figures.total)}
${countTable('Phòng, đơn vị xử lý', figures.byDepartment, figures.total)}
${countTable('Kênh tiếp nhận', figures.byChannel, figures.total)}
<div class="chart">${barChart(figures.byKind, { title: 'Số phiếu theo loại', width: 600 })}</div>

<h2>II. THỜI GIAN XỬ LÝ</h2>
<table class="data"><thead><tr><th>Chỉ tiêu (ngày làm việc)</th><th class="n">Số phiếu</th><th class="n">Trung vị</th><th class="n">Phân vị 90</th></tr></thead><tbody>
<tr><td>Trả lời lần đầu</td><td class="n">${figures.firstResponse.count}</td><td class="n">${formatDays(figures.firstResponse.median)}</td><td class="n">${formatDays(figures.firstResponse.p90)}</td></tr>
<tr><td>Giải quyết xong</td><td class="n">${figures.resolution.count}</td><td class="n">${formatDays(figures.resolution.median)}</td><td class="n">${formatDays(figures.resolution.p90)}</td></tr>
</tbody></table>
<p>Tỷ lệ trả lời đúng hạn: ${formatShare(figures.onTime.share)} (${figures.onTime.onTime}/${figures.onTime.due} phiếu đã đến hạn). Thời gian tính theo giờ hành chính của ngày làm việc, không kể ngày nghỉ, ngày lễ.</p>

<h2>III. MỨC ĐỘ HÀI LÒNG</h2>
<p>Số lượt đánh giá: ${figures.satisfaction.rated}; điểm trung bình: ${figures.satisfaction.average === undefined ? '–' : figures.satisfaction.average.toFixed(2).replace('.', ',')}/5.</p>
${countTable('Mức đánh giá', figures.satisfaction.distribution, figures.satisfaction.rated || undefined)}

<h2>IV. THÔNG TIN ĐẾN NGƯỜI ĐĂNG KÝ</h2>
<p>Người đăng ký nhận tin: ${figures.subscribers.total}. Số tin đã gửi trong kỳ: ${figures.news.items}; gửi tới ${figures.news.sent}/${figures.news.targeted} lượt người nhận (${formatShare(figures.news.reach)}), trong đó ${figures.news.sentAtNextContact} lượt khi người dân liên hệ lại; ${figures.news.expired} lượt hết hạn trước khi gửi được.</p>
${countTable('Lĩnh vực đăng ký', figures.subscribers.byTopic)}

<h2>V. CUỘC TRÒ CHUYỆN</h2>
<table class="data"><tbody>
<tr><td>Người dân, doanh nghiệp đã nhắn tin</td><td class="n">${figures.conversations.total}</td></tr>
<tr><td>Trợ lý tự động giải đáp, không cần chuyển cán bộ</td><td class="n">${figures.conversations.botAlone}</td></tr>
<tr><td>Chuyển cán bộ xử lý (có phiếu)</td><td class="n">${figures.conversations.escalated}</td></tr>
</tbody></table>

<table class="sign"><tr>
<td><i><b>Nơi nhận:</b></i><br>- ……………;<br>- Lưu: VT.</td>
<td class="right">${heading.signerTitle}<br><br><br><br></td>
</tr></table>
</body>
</html>`;
  return doc.value;
}
