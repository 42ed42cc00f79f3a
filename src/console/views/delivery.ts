import type { DeliveryStatus, TicketContactSnapshot } from '../../services/tickets/index.js';
import type { ConsoleDisplay } from './display.js';
import { html, joinHtml, safeHref, type SafeHtml } from './html.js';

const LABELS: Record<DeliveryStatus['status'], string> = {
  pending: 'Đang gửi',
  sent: 'Đã gửi',
  held: 'Bị giữ lại',
  failed: 'Gửi thất bại',
};

/** Vietnamese sentences for the outbox's hold codes; other codes show the recorded reason. */
const HOLD_REASONS: Record<string, string> = {
  zalo_no_interaction: 'Người này chưa từng nhắn tin cho OA nên Zalo không cho gửi tin tư vấn.',
  zalo_window_closed: 'Đã quá thời hạn Zalo cho phép gửi tin tư vấn kể từ lần tương tác cuối của người này.',
  zalo_billable_disabled: 'Đã qua thời gian gửi miễn phí của Zalo và hệ thống đang tắt gửi tin có tính phí.',
  messenger_window_closed: 'Đã quá thời hạn Messenger cho phép trả lời kể từ tin nhắn cuối của người này.',
  channel_off: 'Kênh này chưa được cấu hình trên máy chủ.',
};

/** How to reach the person instead: the phone or email they consented to give. */
function alternativeContact(contact: TicketContactSnapshot | undefined): SafeHtml {
  const ways: SafeHtml[] = [];
  if (contact?.phone) ways.push(html`điện thoại <a href="${safeHref(`tel:${contact.phone.replace(/[^0-9+]/g, '')}`)}">${contact.phone}</a>`);
  if (contact?.email) ways.push(html`email <a href="${safeHref(`mailto:${contact.email}`)}">${contact.email}</a>`);
  if (ways.length === 0) return html`Người dân không để lại số điện thoại hay email; câu trả lời sẽ gửi được khi họ nhắn tin lại.`;
  return html`Hãy liên hệ qua ${joinHtml(ways, ' hoặc ')} mà người dân đã đồng ý cung cấp.`;
}

/** One answer's delivery, as the ticket page shows it (escaped). */
function renderDelivery(display: ConsoleDisplay, d: DeliveryStatus, contact: TicketContactSnapshot | undefined): SafeHtml {
  const reason = d.outcome?.code ? (HOLD_REASONS[d.outcome.code] ?? d.outcome.reason) : d.outcome?.reason;
  let detail: SafeHtml | string;
  if (d.status === 'sent') detail = html`lúc ${display.formatDateTime(d.sentAt)}`;
  else if (d.status === 'pending')
    detail =
      d.attempts > 0
        ? html`đã thử ${d.attempts} lần${d.lastError ? html` (${d.lastError})` : ''}; thử lại lúc ${display.formatDateTime(d.nextAttemptAt)}`
        : 'đang chờ gửi';
  else if (d.status === 'held') detail = html`${reason ?? ''} <span class="alternative">${alternativeContact(contact)}</span>`;
  else detail = html`${reason ?? d.lastError ?? ''} <span class="alternative">${alternativeContact(contact)}</span>`;
  return html`<li class="delivery delivery-${d.status}" data-status="${d.status}"><strong>${LABELS[d.status]}</strong> <span class="muted">(${d.channel})</span> ${detail}</li>`;
}

/** The list of an answer's deliveries, newest last. */
export function renderDeliveries(display: ConsoleDisplay, deliveries: DeliveryStatus[], contact: TicketContactSnapshot | undefined): SafeHtml {
  if (deliveries.length === 0) return html`<p class="muted">Chưa có câu trả lời nào được gửi.</p>`;
  return html`<ul class="deliveries">${deliveries.map((d) => renderDelivery(display, d, contact))}</ul>`;
}
