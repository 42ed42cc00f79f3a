import type { Channel } from '../db/models/shared.js';
import type { TicketKind, TicketStatus } from '../db/models/ticket.js';

/** Vietnamese names of ticket kinds as used in administrative reports. */
export const KIND_LABELS: Readonly<Record<TicketKind, string>> = {
  question: 'Câu hỏi',
  complaint: 'Khiếu nại',
  denunciation: 'Tố cáo',
  petition: 'Kiến nghị',
  feedback: 'Phản ánh, góp ý',
};

export const STATUS_LABELS: Readonly<Record<TicketStatus, string>> = {
  new: 'Mới',
  in_progress: 'Đang xử lý',
  answered: 'Đã trả lời',
  closed: 'Đã đóng',
};

export const CHANNEL_LABELS: Readonly<Record<Channel, string>> = {
  zalo: 'Zalo OA',
  messenger: 'Messenger',
  webchat: 'Cổng thông tin (web chat)',
  terminal: 'Thử nghiệm nội bộ',
};

/** The label of a known key, or the key itself (data written by an older version). */
export function labelOf(labels: Readonly<Record<string, string>>, key: string | undefined): string {
  if (key === undefined || key === '') return '(không rõ)';
  return labels[key] ?? key;
}

/** `dd/mm/yyyy` of an instant in a time zone, as Vietnamese documents write dates. */
export function formatDateVi(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, day: '2-digit', month: '2-digit', year: 'numeric' }).format(instant);
  return parts;
}

/** `dd/mm/yyyy HH:mm` of an instant in a time zone. */
export function formatDateTimeVi(instant: Date, timeZone: string): string {
  const f = new Intl.DateTimeFormat('en-GB', { timeZone, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return f.format(instant).replace(',', '');
}
