import { CHANNELS } from '../../domain/vocabulary.js';
import { TICKET_KINDS, TICKET_STATUSES, type TicketStatus } from '../../db/models/ticket.js';
import type { ConsoleStaff } from '../auth/types.js';
import { QUEUE_PAGE_SIZE, type QueueFilter, type QueueResult } from '../queue/query.js';
import type { TopicLabel } from '../queue/topics.js';
import { selectField } from './components.js';
import { CHANNEL_LABELS, describeDue, dueSpan, KIND_LABELS, STATUS_LABELS } from './format.js';
import type { ConsoleDisplay } from './display.js';
import { CONSOLE_BASE, html, layout, trustedHtml, type Flash } from './layout.js';

export interface QueuePageInput {
  display: ConsoleDisplay;
  staff: ConsoleStaff;
  csrfToken: string;
  filter: QueueFilter;
  result: QueueResult;
  /** Departments the viewer may pick (admins: all), code → Vietnamese name. */
  departments: { code: string; name: string }[];
  topics: TopicLabel[];
  now: Date;
  flash?: Flash;
}

/** The queue's address with the given filters (empty ones left out). */
function queueHref(filter: Partial<QueueFilter>): string {
  const params = new URLSearchParams();
  const entries: [string, string | number | undefined][] = [
    ['department', filter.departmentCode],
    ['status', filter.status],
    ['kind', filter.kind],
    ['topic', filter.topic],
    ['channel', filter.channel],
    ['from', filter.from],
    ['to', filter.to],
    ['q', filter.q],
    ['page', filter.page && filter.page > 1 ? filter.page : undefined],
  ];
  for (const [k, v] of entries) if (v !== undefined && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return `${CONSOLE_BASE}/queue${qs ? `?${qs}` : ''}`;
}

function excerpt(text: string, max = 140): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** The department queue: filters, status tabs with counts, and the tickets, overdue first. */
export function renderQueuePage(input: QueuePageInput): string {
  const { filter, result, staff } = input;
  const topicTitle = new Map(input.topics.map((t) => [t.id, t.title]));
  const departmentName = new Map(input.departments.map((d) => [d.code, d.name]));
  const heading = filter.departmentCode ? (departmentName.get(filter.departmentCode) ?? filter.departmentCode) : 'Tất cả phòng ban';

  const tabs = TICKET_STATUSES.map(
    (status: TicketStatus) =>
      html`<li>
        <a href="${queueHref({ ...filter, status, page: 1 })}" ${status === filter.status ? trustedHtml(' aria-current="page"') : ''}
          >${STATUS_LABELS[status]} <span class="count" data-status="${status}">${result.counts[status]}</span></a
        >
      </li>`,
  );

  const rows = result.rows.map(
    (row) =>
      html`<tr class="${row.overdue ? 'overdue' : row.dueSoon ? 'due-soon' : ''}">
        <td data-label="Mã"><a href="${CONSOLE_BASE}/tickets/${row.id}">${row.code}</a></td>
        <td data-label="Loại">${KIND_LABELS[row.kind]}</td>
        <td data-label="Nội dung" class="question">${excerpt(row.question)}</td>
        <td data-label="Chủ đề">${row.topic ? (topicTitle.get(row.topic) ?? row.topic) : '—'}</td>
        <td data-label="Kênh">${CHANNEL_LABELS[row.channel]}</td>
        ${filter.departmentCode ? '' : html`<td data-label="Phòng">${departmentName.get(row.departmentCode) ?? row.departmentCode}</td>`}
        <td data-label="Tiếp nhận">${input.display.formatDateTime(row.createdAt)}</td>
        <td data-label="Hạn">
          ${input.display.formatDateTime(row.dueAt)}${row.overdue ? html` <span class="flag overdue">Quá hạn ${dueSpan(row.dueAt, input.now)}</span>` : row.dueSoon ? html` <span class="flag due-soon">Sắp đến hạn (${describeDue(row.dueAt, input.now)})</span>` : ''}
        </td>
      </tr>`,
  );

  const pages = Math.max(1, Math.ceil(result.total / QUEUE_PAGE_SIZE));
  const pager =
    pages > 1
      ? html`<nav class="pager" aria-label="Trang">
          ${filter.page > 1 ? html`<a href="${queueHref({ ...filter, page: filter.page - 1 })}">← Trang trước</a>` : ''}
          <span>Trang ${filter.page}/${pages}</span>
          ${filter.page < pages ? html`<a href="${queueHref({ ...filter, page: filter.page + 1 })}">Trang sau →</a>` : ''}
        </nav>`
      : '';

  const departmentPicker =
    staff.role === 'admin'
      ? html`<div>
          <label for="department">Phòng ban</label>${selectField(
            'department',
            input.departments.map((d) => ({ value: d.code, label: d.name })),
            filter.departmentCode,
            { empty: 'Tất cả' },
          )}
        </div>`
      : '';

  const body = html`<h1>Hàng đợi · ${heading}</h1>
    <form method="get" action="${CONSOLE_BASE}/queue" class="filters" role="search">
      <input type="hidden" name="status" value="${filter.status}" />
      ${departmentPicker}
      <div>
        <label for="q">Tìm mã phiếu hoặc nội dung</label
        ><input id="q" name="q" type="search" value="${filter.q ?? ''}" maxlength="200" placeholder="KHCN-2026-00042 hoặc dang ky nhan hieu" />
      </div>
      <div>
        <label for="kind">Loại</label>${selectField(
          'kind',
          TICKET_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] })),
          filter.kind,
          { empty: 'Tất cả' },
        )}
      </div>
      <div>
        <label for="topic">Chủ đề</label>${selectField(
          'topic',
          input.topics.map((t) => ({ value: t.id, label: t.title })),
          filter.topic,
          { empty: 'Tất cả' },
        )}
      </div>
      <div>
        <label for="channel">Kênh</label>${selectField(
          'channel',
          CHANNELS.map((c) => ({ value: c, label: CHANNEL_LABELS[c] })),
          filter.channel,
          { empty: 'Tất cả' },
        )}
      </div>
      <div><label for="from">Từ ngày</label><input id="from" name="from" type="date" value="${filter.from ?? ''}" /></div>
      <div><label for="to">Đến ngày</label><input id="to" name="to" type="date" value="${filter.to ?? ''}" /></div>
      <div class="actions">
        <button type="submit">Lọc</button>
        <a href="${queueHref({ departmentCode: staff.role === 'admin' ? filter.departmentCode : undefined, status: filter.status })}">Bỏ lọc</a>
      </div>
    </form>
    <ul class="tabs">
      ${tabs}
    </ul>
    <p class="summary">
      <span class="flag overdue">${result.overdueCount} quá hạn</span>
      <span class="flag due-soon">${result.dueSoonCount} sắp đến hạn</span
      >${result.truncated ? html` <span class="muted">Tìm theo nội dung chỉ xét những phiếu mới nhất; hãy thu hẹp bộ lọc.</span>` : ''}${
        result.settledFrom
          ? html` <span class="muted settled-from"
              >Phiếu đã trả lời và đã đóng: tiếp nhận từ ${result.settledFrom.split('-').reverse().join('/')}; chọn “Từ ngày” để xem phiếu cũ hơn.</span
            >`
          : ''
      }
    </p>
    ${
      result.rows.length === 0
        ? html`<p class="empty">Không có phiếu nào ở trạng thái “${STATUS_LABELS[filter.status]}” với bộ lọc này.</p>`
        : html`<table class="queue">
            <thead>
              <tr>
                <th>Mã</th>
                <th>Loại</th>
                <th>Nội dung</th>
                <th>Chủ đề</th>
                <th>Kênh</th>
                ${filter.departmentCode ? '' : html`<th>Phòng</th>`}
                <th>Tiếp nhận</th>
                <th>Hạn xử lý</th>
              </tr>
            </thead>
            <tbody>
              ${rows}
            </tbody>
          </table>`
    }
    ${pager}`;

  return layout({ display: input.display, title: 'Hàng đợi', staff, csrfToken: input.csrfToken, active: 'queue', flash: input.flash, body });
}
