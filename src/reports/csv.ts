import type { ReportPeriod } from './period.js';
import type { CountRow, ReportFigures } from './figures.js';
import { CHANNEL_LABELS, KIND_LABELS, STATUS_LABELS, formatLocalDateVi, labelOf } from './labels.js';

/** UTF-8 byte order mark, so spreadsheet programs read Vietnamese letters correctly. */
const BOM = '\uFEFF';

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. A text that a
 * spreadsheet would run as a formula (starting with = + - @) is prefixed with an apostrophe.
 */
export function csvField(value: string | number | undefined | null): string {
  if (value === undefined || value === null) return '';
  let text = typeof value === 'number' ? (Number.isInteger(value) ? String(value) : value.toFixed(2)) : value;
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvLines(rows: (string | number | undefined | null)[][]): string {
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** `YYYY-MM-DD HH:mm` in the zone (sorts and filters well in a spreadsheet). */
function localStamp(date: Date | undefined, timeZone: string): string {
  if (!date) return '';
  const f = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return f.format(date).replace(',', '');
}

export interface CsvOptions {
  timezone: string;
  topicNames: ReadonlyMap<string, string>;
  departmentNames: ReadonlyMap<string, string>;
}

export const TICKET_CSV_HEADER = [
  'Mã phiếu',
  'Loại',
  'Lĩnh vực',
  'Phòng xử lý',
  'Kênh',
  'Trạng thái',
  'Tiếp nhận',
  'Hạn xử lý',
  'Trả lời lần đầu',
  'Hoàn thành',
  'Thời gian trả lời lần đầu (ngày làm việc)',
  'Thời gian giải quyết (ngày làm việc)',
  'Đúng hạn',
  'Đánh giá (1-5)',
];

/** One row per ticket of the report (no personal data), with a header line. */
export function ticketsCsv(figures: ReportFigures, options: CsvOptions): string {
  const rows = figures.tickets.map((t) => [
    t.code,
    labelOf(KIND_LABELS, t.kind),
    t.topic ? (options.topicNames.get(t.topic) ?? t.topic) : '',
    options.departmentNames.get(t.departmentCode) ?? t.departmentCode,
    labelOf(CHANNEL_LABELS, t.channel),
    labelOf(STATUS_LABELS, t.status),
    localStamp(t.createdAt, options.timezone),
    localStamp(t.dueAt, options.timezone),
    localStamp(t.firstResponseAt, options.timezone),
    localStamp(t.resolvedAt, options.timezone),
    t.firstResponseDays,
    t.resolutionDays,
    t.onTime === undefined ? '' : t.onTime ? 'Có' : 'Không',
    t.ratingScore,
  ]);
  return BOM + csvLines([TICKET_CSV_HEADER, ...rows]);
}

function table(name: string, rows: CountRow[]): (string | number | undefined)[][] {
  return rows.map((r) => [name, r.label, r.count]);
}

/** The summary tables as one CSV: columns Bảng (table), Mục (item), Giá trị (value). */
export function summaryCsv(figures: ReportFigures, period: ReportPeriod): string {
  const percent = (x: number | undefined) => (x === undefined ? '' : `${(x * 100).toFixed(1)}%`);
  const rows: (string | number | undefined)[][] = [
    ['Bảng', 'Mục', 'Giá trị'],
    ['Kỳ báo cáo', period.label, `${formatLocalDateVi(period.from)} - ${formatLocalDateVi(period.to)}`],
    ['Tổng số phiếu', 'Tất cả', figures.total],
    ...table('Theo loại', figures.byKind),
    ...table('Theo lĩnh vực', figures.byTopic),
    ...table('Theo phòng', figures.byDepartment),
    ...table('Theo kênh', figures.byChannel),
    ...table('Theo trạng thái', figures.byStatus),
    ['Trả lời lần đầu (ngày làm việc)', 'Số phiếu', figures.firstResponse.count],
    ['Trả lời lần đầu (ngày làm việc)', 'Trung vị', figures.firstResponse.median],
    ['Trả lời lần đầu (ngày làm việc)', 'Phân vị 90', figures.firstResponse.p90],
    ['Giải quyết (ngày làm việc)', 'Số phiếu', figures.resolution.count],
    ['Giải quyết (ngày làm việc)', 'Trung vị', figures.resolution.median],
    ['Giải quyết (ngày làm việc)', 'Phân vị 90', figures.resolution.p90],
    ['Đúng hạn', 'Phiếu đã đến hạn', figures.onTime.due],
    ['Đúng hạn', 'Trả lời đúng hạn', figures.onTime.onTime],
    ['Đúng hạn', 'Tỷ lệ', percent(figures.onTime.share)],
    ['Hài lòng', 'Số lượt đánh giá', figures.satisfaction.rated],
    ['Hài lòng', 'Điểm trung bình', figures.satisfaction.average],
    ...table('Hài lòng', figures.satisfaction.distribution),
    ['Người đăng ký nhận tin', 'Tổng', figures.subscribers.total],
    ...table('Người đăng ký theo lĩnh vực', figures.subscribers.byTopic),
    ...table('Người đăng ký theo kênh', figures.subscribers.byChannel),
    ['Tin gửi', 'Số tin', figures.news.items],
    ['Tin gửi', 'Số người nhận dự kiến', figures.news.targeted],
    ['Tin gửi', 'Đã gửi tới', figures.news.sent],
    ['Tin gửi', 'Gửi khi người dân liên hệ lại', figures.news.sentAtNextContact],
    ['Tin gửi', 'Đang chờ lần liên hệ tới', figures.news.waiting],
    ['Tin gửi', 'Hết hạn chưa gửi được', figures.news.expired],
    ['Tin gửi', 'Lỗi', figures.news.failed],
    ['Tin gửi', 'Tỷ lệ tiếp cận', percent(figures.news.reach)],
    ['Cuộc trò chuyện', 'Người dân đã nhắn tin', figures.conversations.total],
    ['Cuộc trò chuyện', 'Trợ lý tự động xử lý', figures.conversations.botAlone],
    ['Cuộc trò chuyện', 'Chuyển cán bộ (có phiếu)', figures.conversations.escalated],
  ];
  return BOM + csvLines(rows);
}
