import type { TicketRecord, DeliveryStatus } from '../../services/tickets/index.js';
import type { ConsoleStaff } from '../auth/types.js';
import type { TopicLabel } from '../queue/topics.js';
import { csrfInput, selectField, statusBadge } from './components.js';
import { renderDeliveries } from './delivery.js';
import { CHANNEL_LABELS, describeDue, HISTORY_LABELS, KIND_LABELS } from './format.js';
import type { ConsoleDisplay } from './display.js';
import { CONSOLE_BASE, html, layout, safeHref, type Flash, type SafeHtml } from './layout.js';

/** One line of the person's conversation. */
export interface TranscriptLine {
  direction: 'in' | 'out';
  author: 'person' | 'bot' | 'staff';
  staffId?: string;
  text: string;
  attachments: { type?: string; url?: string; name?: string }[];
  at: Date;
}

export interface TicketPageInput {
  display: ConsoleDisplay;
  staff: ConsoleStaff;
  csrfToken: string;
  ticket: TicketRecord;
  transcript: TranscriptLine[];
  deliveries: DeliveryStatus[];
  departments: { code: string; name: string }[];
  topics: TopicLabel[];
  /** Display names of staff by username, for the history. */
  staffNames: Map<string, string>;
  /** Who is chatting live with this person now, if anyone. */
  takeover?: { staffId: string; staffName: string; since: Date };
  now: Date;
  flash?: Flash;
  /** Text to put back into the answer box after a refused submit. */
  draftAnswer?: string;
}

function who(actor: string, names: Map<string, string>): SafeHtml {
  if (actor === 'person') return html`Người dân`;
  if (actor === 'bot') return html`Trợ lý tự động`;
  if (actor === 'system') return html`Hệ thống`;
  const name = names.get(actor);
  return name ? html`${name} <span class="muted">(${actor})</span>` : html`${actor}`;
}

function attachmentList(items: { type?: string; url?: string; name?: string }[]): SafeHtml | '' {
  if (items.length === 0) return '';
  return html`<ul class="attachments">${items.map((a) => html`<li>${a.url ? html`<a href="${safeHref(a.url)}" rel="noopener noreferrer nofollow" target="_blank">${a.name ?? a.url}</a>` : (a.name ?? a.type ?? 'tệp')}${a.type ? html` <span class="muted">(${a.type})</span>` : ''}</li>`)}</ul>`;
}

function transcriptView(display: ConsoleDisplay, lines: TranscriptLine[], names: Map<string, string>): SafeHtml {
  if (lines.length === 0) return html`<p class="muted">Không có tin nhắn nào (có thể đã bị xoá theo yêu cầu hoặc hết thời hạn lưu).</p>`;
  return html`<ol class="transcript" id="transcript">${lines.map(
    (l) => html`<li class="msg ${l.author}">
  <div class="meta">${l.author === 'person' ? 'Người dân' : l.author === 'bot' ? 'Trợ lý tự động' : html`Cán bộ ${l.staffId ? who(l.staffId, names) : ''}`} · <time>${display.formatDateTime(l.at)}</time></div>
  <div class="text">${l.text}</div>${attachmentList(l.attachments)}
</li>`,
  )}</ol>`;
}

function historyView(display: ConsoleDisplay, ticket: TicketRecord, names: Map<string, string>): SafeHtml {
  type Item = { at: Date; body: SafeHtml };
  const items: Item[] = ticket.history.map((h) => ({
    at: h.at,
    body: html`<strong>${HISTORY_LABELS[h.action] ?? h.action}</strong> · ${who(h.actor, names)}${h.departmentCode && h.action !== 'created' ? html` → ${h.departmentCode}` : ''}${h.note ? html`<div class="note-text">${h.note}</div>` : ''}`,
  }));
  for (const n of ticket.notes)
    items.push({
      at: n.at,
      body: html`<strong>Ghi chú nội bộ</strong> · ${n.staffName} <span class="muted">(${n.staffId})</span><div class="note-text internal">${n.text}</div>`,
    });
  items.sort((a, b) => a.at.getTime() - b.at.getTime());
  return html`<ol class="history" id="history">${items.map((i) => html`<li><time>${display.formatDateTime(i.at)}</time> ${i.body}</li>`)}</ol>`;
}

/** The ticket page: the question, the person's consented details, the transcript, the history, and every action. */
export function renderTicketPage(input: TicketPageInput): string {
  const { ticket, staff, csrfToken: csrf, now } = input;
  const base = `${CONSOLE_BASE}/tickets/${ticket.id}`;
  const topic = ticket.topic ? (input.topics.find((t) => t.id === ticket.topic)?.title ?? ticket.topic) : '—';
  const department = input.departments.find((d) => d.code === ticket.departmentCode)?.name ?? ticket.departmentCode;
  const open = ticket.status === 'new' || ticket.status === 'in_progress';
  const overdue = open && ticket.dueAt.getTime() < now.getTime();
  const answers = ticket.history.filter((h) => h.action === 'answered').length;
  const contact = ticket.contact;

  const contactView = contact
    ? html`<dl class="facts">${contact.name ? html`<dt>Họ tên</dt><dd>${contact.name}</dd>` : ''}${contact.phone ? html`<dt>Điện thoại</dt><dd><a href="${safeHref(`tel:${contact.phone.replace(/[^0-9+]/g, '')}`)}">${contact.phone}</a></dd>` : ''}${contact.email ? html`<dt>Email</dt><dd><a href="${safeHref(`mailto:${contact.email}`)}">${contact.email}</a></dd>` : ''}${contact.address ? html`<dt>Địa chỉ</dt><dd>${contact.address}</dd>` : ''}</dl><p class="muted">Chỉ hiện những thông tin người dân đã đồng ý cung cấp cho phiếu này.</p>`
    : html`<p class="muted">${ticket.anonymisedAt ? 'Dữ liệu cá nhân đã được xoá theo yêu cầu hoặc hết thời hạn lưu.' : 'Người dân không để lại thông tin liên hệ.'}</p>`;

  const takeoverView = input.takeover
    ? html`<p>Đang trò chuyện trực tiếp: <strong>${input.takeover.staffName}</strong> từ ${input.display.formatDateTime(input.takeover.since)}. <a href="${base}/takeover">Mở cuộc trò chuyện</a></p>`
    : ticket.contactKey
      ? html`<form method="post" action="${base}/takeover/start" class="inline">${csrfInput(csrf)}<button type="submit" class="secondary">Trò chuyện trực tiếp với người dân</button></form> <span class="muted">Trợ lý tự động sẽ tạm dừng với người này cho đến khi bạn trả lại.</span>`
      : html`<p class="muted">Không thể trò chuyện trực tiếp: dữ liệu của người dân đã bị xoá.</p>`;

  const answerForm =
    ticket.status === 'closed'
      ? html`<p class="muted">Phiếu đã đóng. Mở lại phiếu để gửi thêm câu trả lời.</p>${input.draftAnswer ? html`<label for="answer-draft">Nội dung bạn vừa soạn (chưa gửi)</label><textarea id="answer-draft" rows="4" readonly>${input.draftAnswer}</textarea>` : ''}`
      : html`<form method="post" action="${base}/answer" class="stack" id="answer-form">
  ${csrfInput(csrf)}
  <input type="hidden" name="n" value="${answers + 1}">
  <label for="answer-text">${answers > 0 ? 'Gửi thêm câu trả lời' : 'Câu trả lời gửi người dân'} <span class="muted">(qua ${CHANNEL_LABELS[ticket.channel]})</span></label>
  <textarea id="answer-text" name="text" rows="6" required maxlength="10000">${input.draftAnswer ?? ''}</textarea>
  <button type="submit">Gửi trả lời</button>
</form>`;
  // Filled by suggestions.js: close FAQ entries and earlier answers, and proposing an answer as an FAQ entry.
  const suggestions = html`<section id="suggestions" class="suggestions" data-src="${CONSOLE_BASE}/api/tickets/${ticket.id}/suggestions" aria-live="polite"></section>`;

  const otherDepartments = input.departments.filter((d) => d.code !== ticket.departmentCode).map((d) => ({ value: d.code, label: d.name }));

  const body = html`<p class="crumbs"><a href="${CONSOLE_BASE}/queue?department=${ticket.departmentCode}&amp;status=${ticket.status}">← Hàng đợi</a></p>
<header class="ticket-head">
  <h1>${ticket.code} ${statusBadge(ticket.status)}</h1>
  <p class="muted">${KIND_LABELS[ticket.kind]} · ${topic} · ${CHANNEL_LABELS[ticket.channel]} · ${department}</p>
  <p>Tiếp nhận ${input.display.formatDateTime(ticket.createdAt)} · Hạn xử lý <strong class="${overdue ? 'flag overdue' : ''}">${input.display.formatDateTime(ticket.dueAt)}</strong>${open ? html` (${describeDue(ticket.dueAt, now)})` : ''}</p>
</header>
<div class="grid">
<div class="col">
<section class="card">
  <h2>Nội dung</h2>
  <div class="question" id="question">${ticket.question}</div>
  ${attachmentList(ticket.attachments)}
</section>
<section class="card">
  <h2>Trả lời</h2>
  ${ticket.answer ? html`<div class="answer"><p class="muted">Trả lời gần nhất của ${ticket.answer.staffName ?? ticket.answer.staffId ?? ''} lúc ${input.display.formatDateTime(ticket.answer.at)}:</p><div class="answer-text">${ticket.answer.text}</div></div>` : ''}
  <h3>Tình trạng gửi</h3>
  <div id="deliveries" data-src="${CONSOLE_BASE}/api/tickets/${ticket.id}/deliveries">${renderDeliveries(input.display, input.deliveries, contact)}</div>
  ${suggestions}
  ${answerForm}
</section>
<section class="card">
  <h2>Trao đổi với người dân</h2>
  ${takeoverView}
  ${transcriptView(input.display, input.transcript, input.staffNames)}
</section>
</div>
<div class="col">
<section class="card">
  <h2>Người dân</h2>
  ${contactView}
  ${ticket.rating ? html`<p>Đánh giá: <strong>${ticket.rating.score}/5</strong>${ticket.rating.comment ? html` — ${ticket.rating.comment}` : ''}</p>` : ''}
</section>
<section class="card actions">
  <h2>Xử lý</h2>
  ${ticket.status === 'new' ? html`<form method="post" action="${base}/in-progress" class="inline">${csrfInput(csrf)}<button type="submit" class="secondary">Nhận xử lý</button></form>` : ''}
  ${ticket.status !== 'closed' ? html`<details><summary>Đóng phiếu</summary><form method="post" action="${base}/close" class="stack">${csrfInput(csrf)}<label for="close-reason">Lý do (không bắt buộc)</label><input id="close-reason" name="reason" maxlength="1000"><button type="submit" class="secondary">Đóng phiếu</button></form></details>` : ''}
  ${ticket.status === 'answered' || ticket.status === 'closed' ? html`<details><summary>Mở lại phiếu</summary><form method="post" action="${base}/reopen" class="stack">${csrfInput(csrf)}<label for="reopen-reason">Lý do</label><input id="reopen-reason" name="reason" required maxlength="1000"><button type="submit" class="secondary">Mở lại</button></form></details>` : ''}
  ${ticket.status !== 'closed' && staff.role !== 'officer' ? html`<details><summary>Chuyển phòng khác</summary><form method="post" action="${base}/reassign" class="stack">${csrfInput(csrf)}<label for="reassign-to">Chuyển đến</label>${selectField('departmentCode', otherDepartments, undefined, { id: 'reassign-to', required: true, empty: '— Chọn phòng —' })}<label for="reassign-reason">Lý do</label><input id="reassign-reason" name="reason" required maxlength="1000"><button type="submit" class="secondary">Chuyển</button></form></details>` : ''}
  <details><summary>Ghi chú nội bộ</summary><form method="post" action="${base}/note" class="stack">${csrfInput(csrf)}<label for="note-text">Ghi chú (người dân không thấy)</label><textarea id="note-text" name="text" rows="3" required maxlength="5000"></textarea><button type="submit" class="secondary">Lưu ghi chú</button></form></details>
</section>
<section class="card">
  <h2>Lịch sử xử lý</h2>
  ${historyView(input.display, ticket, input.staffNames)}
</section>
</div>
</div>`;

  return layout({
    display: input.display,
    title: ticket.code,
    staff,
    csrfToken: csrf,
    active: 'queue',
    flash: input.flash,
    body,
    scripts: ['ticket.js', 'suggestions.js'],
    data: { ticket: ticket.id },
  });
}
