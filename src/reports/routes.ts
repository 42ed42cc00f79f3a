import { Router, type Request } from 'express';
import {
  CONSOLE_BASE,
  consoleDisplayOf,
  type ConsolePage,
  type ConsoleStaff,
  csrfTokenOf,
  currentStaff,
  html,
  layout,
  loadTopicLabels,
  requireStaff,
  type SafeHtml,
  sendPage,
} from '../console/index.js';
import { DepartmentModel } from '../db/models/department.js';
import { ForbiddenError, InputError } from '../errors.js';
import type { WorkingCalendar } from '../services/working-days.js';
import { localDateOf } from '../services/zoned-time.js';
import { buildReport, type Report } from './build.js';
import { barChart, formatDays, formatShare } from './charts.js';
import { summaryCsv, ticketsCsv } from './csv.js';
import type { CountRow } from './figures.js';
import type { ReportHeading } from './heading.js';
import { formatLocalDateVi } from './labels.js';
import { PERIOD_PRESETS, periodFromQuery, presetLabel, type ReportPeriod } from './period.js';
import { PRINT_CSP, printableReport } from './print.js';

export interface ReportsPageOptions {
  timezone: string;
  heading: ReportHeading;
  /** The working calendar for the figures, read at each report: the service's ticket context's, which the console keeps current. */
  calendar: () => WorkingCalendar;
  contentDir?: string;
}

interface ReportRequest {
  period: ReportPeriod;
  departmentCode?: string;
  query: string;
}

/** Reads period and department from the query. A lead always gets their own department. */
function readRequest(req: Request, staff: ConsoleStaff, timezone: string): ReportRequest {
  const today = localDateOf(new Date(), timezone);
  const period = periodFromQuery(req.query, today);
  let departmentCode: string | undefined;
  if (staff.role === 'admin') {
    const asked = req.query.department;
    if (asked !== undefined && asked !== '') {
      if (typeof asked !== 'string' || !/^[a-z0-9][a-z0-9-]{0,63}$/.test(asked)) throw new InputError('Mã phòng không hợp lệ.');
      departmentCode = asked;
    }
  } else {
    if (!staff.departmentCode) throw new ForbiddenError('Tài khoản của bạn chưa được gán phòng ban.');
    departmentCode = staff.departmentCode;
  }
  const params = new URLSearchParams();
  if (period.preset) params.set('preset', period.preset);
  else {
    params.set('from', period.from);
    params.set('to', period.to);
  }
  if (staff.role === 'admin' && departmentCode) params.set('department', departmentCode);
  return { period, departmentCode, query: params.toString() };
}

function table(caption: string, rows: readonly CountRow[]): SafeHtml {
  return html`<table><thead><tr><th>${caption}</th><th>Số lượng</th></tr></thead><tbody>${rows.map((r) => html`<tr><td>${r.label}</td><td>${r.count}</td></tr>`)}</tbody></table>`;
}

function reportBody(report: Report, request: ReportRequest, departments: { code: string; name: string }[], staff: ConsoleStaff, timezone: string): SafeHtml {
  const f = report.figures;
  const year = Number(localDateOf(new Date(), timezone).slice(0, 4));
  const presetOptions = [year, year - 1, year - 2].flatMap((y) => PERIOD_PRESETS.map((p) => ({ value: `${p}-${y}`, label: presetLabel(p, y) })));
  const chosen = request.period.preset ?? 'custom';
  const select = html`<select name="preset" id="preset">${presetOptions.map((o) => html`<option value="${o.value}"${o.value === chosen ? html` selected` : ''}>${o.label}</option>`)}<option value="custom"${chosen === 'custom' ? html` selected` : ''}>Khoảng thời gian tự chọn</option></select>`;
  const departmentSelect =
    staff.role === 'admin'
      ? html`<div><label for="department">Phòng</label><select name="department" id="department"><option value="">Toàn Sở</option>${departments.map((d) => html`<option value="${d.code}"${d.code === request.departmentCode ? html` selected` : ''}>${d.name}</option>`)}</select></div>`
      : '';
  const conversations: CountRow[] = [
    { key: 'bot', label: 'Trợ lý tự động giải đáp', count: f.conversations.botAlone },
    { key: 'escalated', label: 'Chuyển cán bộ (có phiếu)', count: f.conversations.escalated },
  ];
  return html`<h1>Báo cáo</h1>
<form method="get" action="${CONSOLE_BASE}/reports" class="filters card">
<div><label for="preset">Kỳ báo cáo</label>${select}</div>
<div><label for="from">Từ ngày (tự chọn)</label><input type="date" id="from" name="from" value="${request.period.preset ? '' : request.period.from}"></div>
<div><label for="to">Đến ngày (tự chọn)</label><input type="date" id="to" name="to" value="${request.period.preset ? '' : request.period.to}"></div>
${departmentSelect}
<div class="actions"><button type="submit">Xem</button></div>
</form>
<p><strong>${request.period.label}</strong> · số liệu từ ${formatLocalDateVi(request.period.from)} đến ${formatLocalDateVi(request.period.to)}${request.departmentCode ? html` · ${departments.find((d) => d.code === request.departmentCode)?.name ?? request.departmentCode}` : ' · Toàn Sở'}</p>
<p><a href="${CONSOLE_BASE}/reports/print?${request.query}">Bản in (kèm báo cáo định kỳ)</a> · <a href="${CONSOLE_BASE}/reports/tickets.csv?${request.query}">CSV từng phiếu</a> · <a href="${CONSOLE_BASE}/reports/summary.csv?${request.query}">CSV bảng tổng hợp</a></p>
<section class="card"><h2>Tiếp nhận: ${f.total} phiếu</h2>
${barChart(f.byKind, { title: 'Số phiếu theo loại' })}
${barChart(f.byTopic, { title: 'Số phiếu theo lĩnh vực', color: '#1c7c3c' })}
${barChart(f.byDepartment, { title: 'Số phiếu theo phòng', color: '#9a6200' })}
${barChart(f.byChannel, { title: 'Số phiếu theo kênh', color: '#5d3a9b' })}
${table('Trạng thái', f.byStatus)}
</section>
<section class="card"><h2>Thời gian xử lý (ngày làm việc)</h2>
<table><thead><tr><th></th><th>Số phiếu</th><th>Trung vị</th><th>Phân vị 90</th></tr></thead><tbody>
<tr><td>Trả lời lần đầu</td><td>${f.firstResponse.count}</td><td>${formatDays(f.firstResponse.median)}</td><td>${formatDays(f.firstResponse.p90)}</td></tr>
<tr><td>Giải quyết xong</td><td>${f.resolution.count}</td><td>${formatDays(f.resolution.median)}</td><td>${formatDays(f.resolution.p90)}</td></tr>
</tbody></table>
<p>Trả lời đúng hạn: <strong>${formatShare(f.onTime.share)}</strong> (${f.onTime.onTime}/${f.onTime.due} phiếu đã đến hạn).</p>
</section>
<section class="card"><h2>Mức độ hài lòng</h2>
<p>${f.satisfaction.rated} lượt đánh giá · trung bình ${f.satisfaction.average === undefined ? '–' : f.satisfaction.average.toFixed(2).replace('.', ',')}/5</p>
${barChart(f.satisfaction.distribution, { title: 'Phân bố đánh giá', color: '#c77700' })}
</section>
<section class="card"><h2>Người đăng ký và tin gửi</h2>
<p>${f.subscribers.total} người đăng ký nhận tin · ${f.news.items} tin trong kỳ · gửi tới ${f.news.sent}/${f.news.targeted} lượt (${formatShare(f.news.reach)}), ${f.news.sentAtNextContact} khi liên hệ lại, ${f.news.waiting} đang chờ, ${f.news.expired} hết hạn, ${f.news.failed} lỗi</p>
${barChart(f.subscribers.byTopic, { title: 'Người đăng ký theo lĩnh vực', color: '#1c7c3c' })}
</section>
<section class="card"><h2>Cuộc trò chuyện: ${f.conversations.total} người nhắn tin</h2>
${barChart(conversations, { title: 'Trợ lý tự động và chuyển cán bộ', color: '#0b5cad' })}
</section>`;
}

/**
 * The console's reports at `/console/reports` for administrators (the whole department or one
 * unit) and department leads (their own unit): any period, with the six-month and yearly
 * presets; figures with server-drawn SVG charts; `tickets.csv` (one row per ticket),
 * `summary.csv` (the summary tables) and `print` (a print-ready document with the heading).
 */
export function createReportsPage(options: ReportsPageOptions): ConsolePage {
  const router = Router();
  const allowed = requireStaff(['lead']);
  const topicNames = new Map(loadTopicLabels(options.contentDir ?? 'content').map((t) => [t.id, t.title]));
  const { calendar } = options;

  async function make(req: Request): Promise<{ staff: ConsoleStaff; request: ReportRequest; report: Report }> {
    const staff = currentStaff(req);
    const request = readRequest(req, staff, options.timezone);
    const report = await buildReport(request.period, { timezone: options.timezone, calendar: calendar(), topicNames, departmentCode: request.departmentCode });
    return { staff, request, report };
  }

  router.get('/reports', allowed, async (req, res, next) => {
    try {
      const { staff, request, report } = await make(req);
      const departments = (await DepartmentModel.find({}, { code: 1, name: 1 }).sort({ code: 1 }).lean()).map((d) => ({
        code: d.code,
        name: d.name?.vi ?? d.code,
      }));
      sendPage(
        res,
        layout({
          display: consoleDisplayOf(res),
          title: 'Báo cáo',
          staff,
          csrfToken: csrfTokenOf(req),
          active: 'reports',
          body: reportBody(report, request, departments, staff, options.timezone),
        }),
      );
    } catch (err) {
      next(err);
    }
  });

  router.get('/reports/tickets.csv', allowed, async (req, res, next) => {
    try {
      const { request, report } = await make(req);
      res.status(200).type('text/csv; charset=utf-8').setHeader('Cache-Control', 'no-store');
      res.setHeader(
        'Content-Disposition',
        `attachment; filename="phieu-${request.period.from}-${request.period.to}${request.departmentCode ? `-${request.departmentCode}` : ''}.csv"`,
      );
      res.send(ticketsCsv(report.figures, { timezone: options.timezone, topicNames, departmentNames: report.data.departmentNames }));
    } catch (err) {
      next(err);
    }
  });

  router.get('/reports/summary.csv', allowed, async (req, res, next) => {
    try {
      const { request, report } = await make(req);
      res.status(200).type('text/csv; charset=utf-8').setHeader('Cache-Control', 'no-store');
      res.setHeader(
        'Content-Disposition',
        `attachment; filename="tong-hop-${request.period.from}-${request.period.to}${request.departmentCode ? `-${request.departmentCode}` : ''}.csv"`,
      );
      res.send(summaryCsv(report.figures, request.period));
    } catch (err) {
      next(err);
    }
  });

  router.get('/reports/print', allowed, async (req, res, next) => {
    try {
      const { request, report } = await make(req);
      const departmentName = request.departmentCode ? (report.data.departmentNames.get(request.departmentCode) ?? request.departmentCode) : undefined;
      const doc = printableReport(report.figures, {
        heading: options.heading,
        period: request.period,
        issuedAt: report.data.generatedAt,
        timezone: options.timezone,
        departmentName,
      });
      // A self-contained document: its own policy allows exactly its inline style block.
      res.setHeader('Content-Security-Policy', PRINT_CSP);
      sendPage(res, doc);
    } catch (err) {
      next(err);
    }
  });

  return { router, nav: { key: 'reports', href: `${CONSOLE_BASE}/reports`, label: 'Báo cáo', labelEn: 'Reports', roles: ['lead'] } };
}
