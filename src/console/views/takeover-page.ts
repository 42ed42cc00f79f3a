import type { TicketRecord } from '../../services/tickets/index.js';
import type { ConsoleStaff } from '../auth/types.js';
import { csrfInput } from './components.js';
import type { ConsoleDisplay } from './display.js';
import { CONSOLE_BASE, html, layout, type Flash } from './layout.js';
import type { TranscriptLine } from './ticket-page.js';

export interface TakeoverPageInput {
  display: ConsoleDisplay;
  staff: ConsoleStaff;
  csrfToken: string;
  ticket: TicketRecord & { contactKey: string };
  transcript: TranscriptLine[];
  takeover?: { staffId: string; staffName: string; since: Date; lastActivityAt: Date };
  idleMinutes: number;
  /** A fresh id for the message form (a double submit sends once). */
  clientId: string;
  flash?: Flash;
}

/** The live conversation with one person while an officer holds it. */
export function renderTakeoverPage(input: TakeoverPageInput): string {
  const { ticket, staff, takeover } = input;
  const base = `${CONSOLE_BASE}/tickets/${ticket.id}`;
  const mine = takeover?.staffId === staff.username;
  const lines = input.transcript.map(
    (l) =>
      html`<li class="msg ${l.author}"><div class="meta">${l.author === 'person' ? 'Người dân' : l.author === 'bot' ? 'Trợ lý tự động' : `Cán bộ ${l.staffId ?? ''}`} · <time>${input.display.formatDateTime(l.at)}</time></div><div class="text">${l.text}</div></li>`,
  );

  const status = takeover
    ? mine
      ? html`<p class="flash ok" id="takeover-status">Bạn đang trò chuyện trực tiếp với người dân (từ ${input.display.formatDateTime(takeover.since)}). Trợ lý tự động đang tạm dừng. Nếu bạn không nhắn gì trong ${input.idleMinutes} phút, cuộc trò chuyện tự trả lại cho trợ lý tự động.</p>`
      : html`<p class="flash" id="takeover-status">${takeover.staffName} đang trò chuyện trực tiếp với người này.</p>`
    : html`<p class="flash" id="takeover-status">Trợ lý tự động đang phụ trách cuộc trò chuyện này.</p>`;

  const controls = takeover
    ? html`${
        mine
          ? html`<form method="post" action="${base}/takeover/message" class="stack" id="takeover-form">
  ${csrfInput(input.csrfToken)}
  <input type="hidden" name="clientId" value="${input.clientId}">
  <label for="takeover-text">Tin nhắn gửi người dân</label>
  <textarea id="takeover-text" name="text" rows="3" required maxlength="4000"></textarea>
  <button type="submit">Gửi</button>
</form>`
          : ''
      }
${mine || staff.role !== 'officer' ? html`<form method="post" action="${base}/takeover/end" class="inline">${csrfInput(input.csrfToken)}<button type="submit" class="secondary">Trả lại cho trợ lý tự động</button></form>` : ''}`
    : html`<form method="post" action="${base}/takeover/start" class="inline">${csrfInput(input.csrfToken)}<button type="submit">Trò chuyện trực tiếp</button></form>`;

  const body = html`<p class="crumbs"><a href="${base}">← Phiếu ${ticket.code}</a></p>
<h1>Trò chuyện trực tiếp · ${ticket.code}</h1>
${status}
<section class="card">
  <ol class="transcript takeover-log" id="live-transcript">${lines}</ol>
  ${controls}
</section>`;

  return layout({
    display: input.display,
    title: `Trò chuyện · ${ticket.code}`,
    staff,
    csrfToken: input.csrfToken,
    active: 'queue',
    flash: input.flash,
    body,
    scripts: ['takeover.js'],
    data: { contact: ticket.contactKey, ticket: ticket.id },
  });
}
