import type { ConsoleStaff } from '../auth/types.js';
import type { CalendarDay } from '../calendar/effective.js';
import { csrfInput } from './components.js';
import type { ConsoleDisplay } from './display.js';
import { CONSOLE_BASE, html, layout, trustedHtml, type Flash } from './layout.js';

const KIND: Record<CalendarDay['kind'], string> = { holiday: 'Ngày nghỉ', extra_working: 'Ngày làm bù', working: 'Ngày làm việc (đã bỏ ngày nghỉ)' };

/** Admin: the days off and compensatory working days of a year, with additions and removals. */
export function renderCalendarPage(input: {
  display: ConsoleDisplay;
  staff: ConsoleStaff;
  csrfToken: string;
  year: number;
  coveredYears: number[];
  days: CalendarDay[];
  flash?: Flash;
}): string {
  const csrf = input.csrfToken;
  const years = input.coveredYears.map(
    (y) => html`<li><a href="${CONSOLE_BASE}/admin/calendar?year=${y}"${y === input.year ? trustedHtml(' aria-current="page"') : ''}>${y}</a></li>`,
  );
  const rows = input.days.map(
    (d) => html`<tr>
<td>${input.display.formatDate(new Date(`${d.date}T12:00:00Z`))} <span class="muted">${d.date}</span></td><td>${KIND[d.kind]}</td><td>${d.name ?? ''}</td>
<td>${d.source === 'file' ? html`<span class="muted">Tệp lịch</span>` : html`${d.source.editedBy} · ${input.display.formatDateTime(d.source.editedAt)}`}</td>
<td>${
      d.source === 'file'
        ? d.kind === 'holiday'
          ? html`<form method="post" action="${CONSOLE_BASE}/admin/calendar" class="inline">${csrfInput(csrf)}<input type="hidden" name="date" value="${d.date}"><input type="hidden" name="change" value="working"><button type="submit" class="link">Bỏ ngày nghỉ</button></form>`
          : ''
        : html`<form method="post" action="${CONSOLE_BASE}/admin/calendar/revert" class="inline">${csrfInput(csrf)}<input type="hidden" name="date" value="${d.date}"><button type="submit" class="link">Hoàn tác</button></form>`
    }</td>
</tr>`,
  );
  const body = html`<h1>Lịch nghỉ</h1>
<p class="muted">Ngày nghỉ và ngày làm bù dùng để tính hạn xử lý theo ngày làm việc. Thay đổi áp dụng ngay cho các phiếu mới.</p>
<ul class="tabs">${years}</ul>
<table class="calendar"><thead><tr><th>Ngày</th><th>Loại</th><th>Tên</th><th>Nguồn</th><th></th></tr></thead><tbody>${rows}</tbody></table>
<section class="card">
<h2>Thêm thay đổi</h2>
<form method="post" action="${CONSOLE_BASE}/admin/calendar" class="stack narrow">${csrfInput(csrf)}
<label for="cal-date">Ngày</label><input id="cal-date" name="date" type="date" required>
<label for="cal-change">Loại</label><select id="cal-change" name="change"><option value="holiday">Ngày nghỉ</option><option value="extra_working">Ngày làm bù (thứ Bảy/Chủ nhật)</option><option value="working">Ngày làm việc (bỏ ngày nghỉ)</option></select>
<label for="cal-name">Tên ngày nghỉ</label><input id="cal-name" name="name" maxlength="200" placeholder="Ví dụ: Nghỉ bù Quốc khánh">
<button type="submit">Lưu</button></form>
</section>`;
  return layout({ display: input.display, title: 'Lịch nghỉ', staff: input.staff, csrfToken: csrf, active: 'calendar', flash: input.flash, body });
}
