import { Router } from 'express';
import {
  CONSOLE_BASE,
  type ConsoleDisplay,
  consoleDisplayOf,
  type ConsolePage,
  type ConsoleStaff,
  csrfTokenOf,
  currentStaff,
  html,
  layout,
  requireStaff,
  type SafeHtml,
  sendPage,
} from '../console/index.js';
import { DeadlineDigestModel } from '../db/models/deadline-digest.js';
import { DepartmentModel } from '../db/models/department.js';
import { JobRunModel } from '../db/models/job-run.js';
import { KIND_LABELS, STATUS_LABELS, labelOf } from '../reports/labels.js';
import type { JobDefinition } from './types.js';

const OUTCOME_LABELS: Record<string, string> = { running: 'Đang chạy', ok: 'Xong', failed: 'Lỗi', abandoned: 'Bị bỏ dở' };
const MAIL_LABELS: Record<string, string> = {
  pending: 'Chưa gửi',
  sent: 'Đã gửi thư',
  not_configured: 'Chỉ xem trên trang này (chưa cấu hình SMTP)',
  no_address: 'Phòng chưa có địa chỉ email',
  failed: 'Gửi thư lỗi, sẽ thử lại',
};

export interface JobsPageOptions {
  /** The jobs this instance schedules (the jobs feature's `jobs`). */
  jobs: () => readonly JobDefinition[];
}

interface DigestItemView {
  ticketId: string;
  code: string;
  kind: string;
  status: string;
  dueAt: Date;
}

function itemList(display: ConsoleDisplay, items: DigestItemView[]): SafeHtml {
  if (items.length === 0) return html`<p class="muted">Không có.</p>`;
  return html`<ul>${items.map((i) => html`<li><a href="${CONSOLE_BASE}/tickets/${i.ticketId}">${i.code}</a> · ${labelOf(KIND_LABELS, i.kind)} · ${labelOf(STATUS_LABELS, i.status)} · hạn ${display.formatDateTime(i.dueAt)}</li>`)}</ul>`;
}

async function digestsSection(display: ConsoleDisplay, staff: ConsoleStaff): Promise<SafeHtml> {
  const filter = staff.role === 'admin' ? {} : { departmentCode: staff.departmentCode };
  const digests = await DeadlineDigestModel.find(filter)
    .sort({ date: -1, departmentCode: 1 })
    .limit(staff.role === 'admin' ? 60 : 14)
    .lean();
  const departments = await DepartmentModel.find({}, { code: 1, name: 1 }).lean();
  const nameOf = new Map(departments.map((d) => [d.code, d.name?.vi ?? d.code]));
  const cards = digests.map(
    (d) => html`<article class="card" id="digest-${d._id}">
<h3>${nameOf.get(d.departmentCode) ?? d.departmentCode} · ${d.date}</h3>
<p class="muted">Lập lúc ${display.formatDateTime(d.generatedAt)} · ${labelOf(MAIL_LABELS, d.mail?.status ?? 'pending')}${d.mail?.to ? html` (${d.mail.to})` : ''}</p>
<h4>Quá hạn (${d.overdue.length})</h4>${itemList(display, d.overdue as DigestItemView[])}
<h4>Sắp đến hạn (${d.dueSoon.length})</h4>${itemList(display, d.dueSoon as DigestItemView[])}
</article>`,
  );
  return html`<section><h2>Bản tổng hợp hạn xử lý hằng ngày</h2>${cards.length ? cards : html`<p class="muted">Chưa có bản tổng hợp nào.</p>`}</section>`;
}

async function runsSection(display: ConsoleDisplay, jobs: readonly JobDefinition[], selected: string | undefined): Promise<SafeHtml> {
  const filter = selected ? { job: selected } : {};
  const runs = await JobRunModel.find(filter).sort({ startedAt: -1 }).limit(100).lean();
  const schedule = jobs.map((j) => html`<li><a href="${CONSOLE_BASE}/jobs?job=${j.name}">${j.name}</a> <code>${j.cron}</code></li>`);
  const rows = runs.map((r) => {
    const counts = Object.entries((r.counts ?? {}) as Record<string, number>)
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ');
    return html`<tr class="run-${r.outcome}">
<td>${r.job}</td><td>${r.trigger === 'schedule' ? 'Theo lịch' : 'Thủ công'}</td><td>${display.formatDateTime(r.startedAt)}</td><td>${display.formatDateTime(r.endedAt)}</td>
<td>${labelOf(OUTCOME_LABELS, r.outcome)}</td><td>${counts}</td><td>${r.error ?? r.summary ?? ''}</td></tr>`;
  });
  return html`<section class="card"><h2>Lượt chạy gần đây${selected ? html` · ${selected} (<a href="${CONSOLE_BASE}/jobs">tất cả</a>)` : ''}</h2>
<p class="muted">Lịch chạy trên máy chủ này:</p><ul>${schedule.length ? schedule : html`<li>Không có (JOBS_ENABLED=false).</li>`}</ul>
<table><thead><tr><th>Việc</th><th>Kích hoạt</th><th>Bắt đầu</th><th>Kết thúc</th><th>Kết quả</th><th>Số liệu</th><th>Ghi chú</th></tr></thead>
<tbody>${rows.length ? rows : html`<tr><td colspan="7" class="muted">Chưa có lượt chạy nào.</td></tr>`}</tbody></table></section>`;
}

/**
 * The console page of scheduled work at `/console/jobs`: for admins the recent runs of every
 * job (start, end, outcome, counts, error) and the schedules, and the daily deadline digests;
 * for a department lead the digests of their own department.
 */
export function createJobsPage(options: JobsPageOptions): ConsolePage {
  const router = Router();
  router.get('/jobs', requireStaff(['lead']), async (req, res, next) => {
    try {
      const staff = currentStaff(req);
      const display = consoleDisplayOf(res);
      const jobs = options.jobs();
      const selected = typeof req.query.job === 'string' && jobs.some((j) => j.name === req.query.job) ? req.query.job : undefined;
      const body = html`<h1>Việc định kỳ</h1>${staff.role === 'admin' ? await runsSection(display, jobs, selected) : ''}${await digestsSection(display, staff)}`;
      sendPage(res, layout({ display, title: 'Việc định kỳ', staff, csrfToken: csrfTokenOf(req), active: 'jobs', body }));
    } catch (err) {
      next(err);
    }
  });
  return { router, nav: { key: 'jobs', href: `${CONSOLE_BASE}/jobs`, label: 'Việc định kỳ', labelEn: 'Jobs', roles: ['lead'] } };
}
