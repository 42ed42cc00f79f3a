import type { Channel } from '../../domain/vocabulary.js';
import type { TicketKind, TicketStatus } from '../../db/models/ticket.js';

// Formats are costly to build and the same for every service: one per zone and kind, per process.
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
function formatter(kind: 'datetime' | 'date', timeZone: string): Intl.DateTimeFormat {
  const key = `${kind}:${timeZone}`;
  let f = dateTimeFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(
      'vi-VN',
      kind === 'datetime'
        ? { timeZone, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false }
        : { timeZone, day: '2-digit', month: '2-digit', year: 'numeric' },
    );
    dateTimeFormats.set(key, f);
  }
  return f;
}

/** `14:05 03/02/2026` style, in `timeZone` (pages use `ConsoleDisplay.formatDateTime`). */
export function formatDateTimeIn(date: Date, timeZone: string): string {
  return formatter('datetime', timeZone).format(date);
}

/** `03/02/2026`, in `timeZone` (pages use `ConsoleDisplay.formatDate`). */
export function formatDateIn(date: Date, timeZone: string): string {
  return formatter('date', timeZone).format(date);
}

export const STATUS_LABELS: Record<TicketStatus, string> = {
  new: 'Mới',
  in_progress: 'Đang xử lý',
  answered: 'Đã trả lời',
  closed: 'Đã đóng',
};

export const KIND_LABELS: Record<TicketKind, string> = {
  question: 'Câu hỏi',
  complaint: 'Khiếu nại',
  denunciation: 'Tố cáo',
  petition: 'Kiến nghị',
  feedback: 'Phản ánh, góp ý',
};

export const CHANNEL_LABELS: Record<Channel, string> = {
  zalo: 'Zalo',
  messenger: 'Messenger',
  webchat: 'Web chat',
  terminal: 'Thử nghiệm',
};

/** Vietnamese name of a ticket history action. */
export const HISTORY_LABELS: Record<string, string> = {
  created: 'Tiếp nhận',
  answered: 'Trả lời',
  note_added: 'Thêm ghi chú nội bộ',
  reassigned: 'Chuyển phòng',
  in_progress: 'Bắt đầu xử lý',
  closed: 'Đóng phiếu',
  reopened: 'Mở lại',
  rated: 'Người dân đánh giá',
  anonymised: 'Ẩn danh hoá',
};

/** "2 giờ", "3 ngày": the time between now and a due date, roughly, either way. */
export function dueSpan(dueAt: Date, now: Date): string {
  const hours = Math.round(Math.abs(dueAt.getTime() - now.getTime()) / 3_600_000);
  return hours < 48 ? `${Math.max(hours, 1)} giờ` : `${Math.round(hours / 24)} ngày`;
}

/** "còn 2 ngày", "quá hạn 3 giờ": time left until a due date, roughly. */
export function describeDue(dueAt: Date, now: Date): string {
  return dueAt.getTime() >= now.getTime() ? `còn ${dueSpan(dueAt, now)}` : `quá hạn ${dueSpan(dueAt, now)}`;
}
