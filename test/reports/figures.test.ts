import { beforeAll, describe, expect, it } from 'vitest';
import { BroadcastDeliveryModel } from '../../src/db/models/broadcast-delivery.js';
import { BroadcastModel } from '../../src/db/models/broadcast.js';
import { ContactModel } from '../../src/db/models/contact.js';
import { DepartmentModel } from '../../src/db/models/department.js';
import { rebuildContactTallies } from '../../src/services/contact-tallies-migration.js';
import { rebuildTicketCopies } from '../../src/services/tickets/copies-migration.js';
import { TicketModel } from '../../src/db/models/ticket.js';
import { buildReport, type Report } from '../../src/reports/build.js';
import { summaryCsv, ticketsCsv, TICKET_CSV_HEADER } from '../../src/reports/csv.js';
import { readReportHeading } from '../../src/reports/heading.js';
import { customPeriod, periodFromQuery, presetPeriod } from '../../src/reports/period.js';
import { printableReport } from '../../src/reports/print.js';
import { loadWorkingCalendar } from '../../src/services/working-days.js';
import { useTestDatabase } from '../support/database.js';

useTestDatabase('reports_figures');

const TZ = 'Asia/Ho_Chi_Minh';
/** Local time in Viet Nam (UTC+7, no summer time). */
const vn = (iso: string) => new Date(`${iso}+07:00`);

// --- An independent working-time calculator, written for this test only. -----------------
// Office hours 07:30–11:30 and 13:30–17:00, Monday to Friday; 30/4 and 1/5/2026 are public
// holidays (Thursday and Friday), as is 27/4/2026 (compensatory day for the Hung Kings).
const HOLIDAYS = new Set(['2026-04-27', '2026-04-30', '2026-05-01']);
const PERIODS: [number, number][] = [
  [7 * 60 + 30, 11 * 60 + 30],
  [13 * 60 + 30, 17 * 60],
];
function workingDaysByHand(from: Date, to: Date): number {
  let minutes = 0;
  for (let t = from.getTime(); t < to.getTime(); t += 60_000) {
    const local = new Date(t + 7 * 3_600_000);
    const day = local.toISOString().slice(0, 10);
    const weekday = local.getUTCDay();
    const minute = local.getUTCHours() * 60 + local.getUTCMinutes();
    if (weekday === 0 || weekday === 6 || HOLIDAYS.has(day)) continue;
    if (PERIODS.some(([a, b]) => minute >= a && minute < b)) minutes += 1;
  }
  return minutes / 450;
}
function nearestRank(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(fraction * sorted.length)) - 1]!;
}

interface Seed {
  code: string;
  kind: 'question' | 'complaint' | 'petition' | 'feedback' | 'denunciation';
  topic: string;
  departmentCode: string;
  channel: 'zalo' | 'messenger' | 'webchat';
  createdAt: Date;
  dueAt: Date;
  firstResponseAt?: Date;
  resolvedAt?: Date;
  score?: number;
  contactKey?: string;
}

const REPORT_DATE = vn('2026-06-20T10:00:00');
const SEEDS: Seed[] = [
  // Across the 30/4–1/5 holidays and the weekend: Wednesday 09:00 to Monday 09:00 is one working day.
  {
    code: 'KHCN-2026-00001',
    kind: 'question',
    topic: 'chat-luong',
    departmentCode: 'tcdlcl',
    channel: 'zalo',
    createdAt: vn('2026-04-29T09:00:00'),
    dueAt: vn('2026-05-08T17:00:00'),
    firstResponseAt: vn('2026-05-04T09:00:00'),
    resolvedAt: vn('2026-05-04T09:00:00'),
    score: 5,
    contactKey: 'zalo:111',
  },
  {
    code: 'KHCN-2026-00002',
    kind: 'question',
    topic: 'do-luong',
    departmentCode: 'tcdlcl',
    channel: 'messenger',
    createdAt: vn('2026-04-28T16:00:00'),
    dueAt: vn('2026-05-06T17:00:00'),
    firstResponseAt: vn('2026-04-29T08:30:00'),
    resolvedAt: vn('2026-05-07T10:00:00'),
    score: 3,
    contactKey: 'messenger:222',
  },
  {
    code: 'KHCN-2026-00003',
    kind: 'complaint',
    topic: 'khieu-nai-to-cao',
    departmentCode: 'thanhtra',
    channel: 'zalo',
    createdAt: vn('2026-04-24T10:15:00'),
    dueAt: vn('2026-05-25T17:00:00'),
    firstResponseAt: vn('2026-05-05T14:00:00'),
    resolvedAt: vn('2026-05-20T11:00:00'),
    score: 4,
  },
  {
    code: 'KHCN-2026-00004',
    kind: 'petition',
    topic: 'so-huu-tri-tue',
    departmentCode: 'qlcn',
    channel: 'webchat',
    createdAt: vn('2026-05-11T07:45:00'),
    dueAt: vn('2026-05-25T17:00:00'),
    firstResponseAt: vn('2026-05-12T15:20:00'),
  },
  // Open and past due at the report date: counts as late.
  {
    code: 'KHCN-2026-00005',
    kind: 'question',
    topic: 'chat-luong',
    departmentCode: 'tcdlcl',
    channel: 'zalo',
    createdAt: vn('2026-05-20T09:00:00'),
    dueAt: vn('2026-05-27T17:00:00'),
  },
  // Open and not yet due at the report date: neither on time nor late.
  {
    code: 'KHCN-2026-00006',
    kind: 'feedback',
    topic: 'chuyen-doi-so',
    departmentCode: 'qlcn',
    channel: 'messenger',
    createdAt: vn('2026-05-29T13:00:00'),
    dueAt: vn('2026-07-15T17:00:00'),
  },
  {
    code: 'KHCN-2026-00007',
    kind: 'question',
    topic: 'chat-luong',
    departmentCode: 'tcdlcl',
    channel: 'zalo',
    createdAt: vn('2026-05-15T11:00:00'),
    dueAt: vn('2026-05-22T17:00:00'),
    firstResponseAt: vn('2026-05-15T13:45:00'),
    resolvedAt: vn('2026-05-18T16:00:00'),
    score: 5,
  },
  // Outside the period (March): must not count.
  {
    code: 'KHCN-2026-00008',
    kind: 'question',
    topic: 'chat-luong',
    departmentCode: 'tcdlcl',
    channel: 'zalo',
    createdAt: vn('2026-03-10T09:00:00'),
    dueAt: vn('2026-03-17T17:00:00'),
    firstResponseAt: vn('2026-03-11T09:00:00'),
    resolvedAt: vn('2026-03-11T09:00:00'),
    score: 1,
  },
];
const PERIOD = customPeriod('2026-04-01', '2026-05-31');
const IN_PERIOD = SEEDS.filter((s) => s.createdAt >= vn('2026-04-01T00:00:00') && s.createdAt < vn('2026-06-01T00:00:00'));

let report: Report;
const topicNames = new Map([
  ['chat-luong', 'Chất lượng sản phẩm, hàng hóa'],
  ['do-luong', 'Đo lường'],
]);

beforeAll(async () => {
  await DepartmentModel.insertMany([
    { code: 'tcdlcl', name: { vi: 'Chi cục Tiêu chuẩn Đo lường Chất lượng', en: 'Sub-department TMQ' } },
    { code: 'thanhtra', name: { vi: 'Thanh tra Sở', en: 'Inspectorate' } },
    { code: 'qlcn', name: { vi: 'Phòng Quản lý công nghệ', en: 'Technology management' } },
  ]);
  await TicketModel.collection.insertMany(
    SEEDS.map((s) => ({
      code: s.code,
      kind: s.kind,
      topic: s.topic,
      departmentCode: s.departmentCode,
      channel: s.channel,
      status: s.resolvedAt ? 'answered' : s.firstResponseAt ? 'in_progress' : 'new',
      contactKey: s.contactKey,
      language: 'vi',
      question: 'Nội dung câu hỏi',
      attachments: [],
      notes: [],
      history: [],
      dueAt: s.dueAt,
      firstResponseAt: s.firstResponseAt,
      resolvedAt: s.resolvedAt,
      rating: s.score ? { score: s.score, at: s.resolvedAt } : undefined,
      createdAt: s.createdAt,
      updatedAt: s.createdAt,
    })),
  );
  // Stored directly, as an installation from before the copies: the start-up migration's rebuild makes them.
  await rebuildTicketCopies('Asia/Ho_Chi_Minh');
  // Who wrote in the period (the days on their contacts): 111 and 222 also filed tickets; 333 was answered by the bot alone; 444 wrote in March only.
  await ContactModel.insertMany([
    {
      key: 'zalo:111',
      channel: 'zalo',
      userId: '111',
      firstSeenAt: vn('2026-04-01T00:00:00'),
      subscriptions: ['chat-luong', 'do-luong'],
      activeDays: ['2026-04-29'],
    },
    {
      key: 'messenger:222',
      channel: 'messenger',
      userId: '222',
      firstSeenAt: vn('2026-04-01T00:00:00'),
      subscriptions: ['chat-luong'],
      activeDays: ['2026-04-28'],
    },
    { key: 'zalo:333', channel: 'zalo', userId: '333', firstSeenAt: vn('2026-04-01T00:00:00'), subscriptions: [], activeDays: ['2026-05-02'] },
    { key: 'zalo:444', channel: 'zalo', userId: '444', firstSeenAt: vn('2026-03-01T00:00:00'), subscriptions: [], activeDays: ['2026-03-02'] },
  ]);
  // Stored directly too: the start-up migration counts the reports' tallies from them.
  await rebuildContactTallies();
  const item = await BroadcastModel.create({
    topic: 'chat-luong',
    title: 'Tin',
    text: 'Nội dung',
    scheduledAt: vn('2026-05-05T08:00:00'),
    expiresAt: vn('2026-05-12T08:00:00'),
    status: 'done',
    targeted: 4,
    createdBy: 'vanphong',
  });
  const bid = item._id.toString();
  await BroadcastDeliveryModel.insertMany(
    [
      ['zalo:111', 'sent', 'scheduled'],
      ['messenger:222', 'sent', 'next_contact'],
      ['zalo:555', 'expired', undefined],
      ['zalo:666', 'failed', undefined],
    ].map(([ck, status, via]) => ({
      _id: `${bid}:${ck}`,
      broadcastId: bid,
      contactKey: ck,
      channel: 'zalo',
      status,
      via,
      expiresAt: vn('2026-05-12T08:00:00'),
      plannedAt: vn('2026-05-05T08:00:00'),
    })),
  );
  report = await buildReport(PERIOD, { timezone: TZ, calendar: loadWorkingCalendar(), topicNames, now: REPORT_DATE });
});

describe('report figures', () => {
  it('when tickets of several kinds arrive in the period, then the counts by kind, department and channel match the seeded tickets', () => {
    const countBy = (key: (s: Seed) => string) => IN_PERIOD.reduce<Record<string, number>>((acc, s) => ({ ...acc, [key(s)]: (acc[key(s)] ?? 0) + 1 }), {});
    const asRecord = (rows: { key: string; count: number }[]) => Object.fromEntries(rows.filter((r) => r.count > 0).map((r) => [r.key, r.count]));
    expect(report.figures.total).toBe(IN_PERIOD.length);
    expect(asRecord(report.figures.byKind)).toEqual(countBy((s) => s.kind));
    expect(asRecord(report.figures.byDepartment)).toEqual(countBy((s) => s.departmentCode));
    expect(asRecord(report.figures.byChannel)).toEqual(countBy((s) => s.channel));
    expect(asRecord(report.figures.byTopic)).toEqual(countBy((s) => s.topic));
    expect(report.figures.byTopic.find((r) => r.key === 'chat-luong')?.label).toBe('Chất lượng sản phẩm, hàng hóa');
  });

  it('when a question arrives on Wednesday before the 30/4–1/5 holidays and is answered on Monday at the same hour, then it took one working day', () => {
    const t = report.figures.tickets.find((x) => x.code === 'KHCN-2026-00001')!;
    expect(t.firstResponseDays).toBeCloseTo(1, 6);
  });

  it('when first-response and resolution times are computed, then median and 90th percentile equal those counted by hand in working hours', () => {
    const first = IN_PERIOD.filter((s) => s.firstResponseAt).map((s) => workingDaysByHand(s.createdAt, s.firstResponseAt!));
    const resolution = IN_PERIOD.filter((s) => s.resolvedAt).map((s) => workingDaysByHand(s.createdAt, s.resolvedAt!));
    expect(report.figures.firstResponse.count).toBe(first.length);
    expect(report.figures.firstResponse.median).toBeCloseTo(nearestRank(first, 0.5), 6);
    expect(report.figures.firstResponse.p90).toBeCloseTo(nearestRank(first, 0.9), 6);
    expect(report.figures.resolution.count).toBe(resolution.length);
    expect(report.figures.resolution.median).toBeCloseTo(nearestRank(resolution, 0.5), 6);
    expect(report.figures.resolution.p90).toBeCloseTo(nearestRank(resolution, 0.9), 6);
    for (const t of report.figures.tickets) {
      const seed = SEEDS.find((s) => s.code === t.code)!;
      if (seed.resolvedAt) expect(t.resolutionDays).toBeCloseTo(workingDaysByHand(seed.createdAt, seed.resolvedAt), 6);
    }
  });

  it('when some tickets were answered late or are still open past their due date, then the on-time share counts only tickets already due', () => {
    const due = IN_PERIOD.filter((s) => s.resolvedAt || REPORT_DATE > s.dueAt);
    const onTime = due.filter((s) => s.resolvedAt && s.resolvedAt <= s.dueAt);
    expect(report.figures.onTime).toEqual({ due: due.length, onTime: onTime.length, share: onTime.length / due.length });
  });

  it('when people rated their answers, then the average and the distribution match the ratings given in the period', () => {
    const scores = IN_PERIOD.flatMap((s) => (s.score ? [s.score] : []));
    expect(report.figures.satisfaction.rated).toBe(scores.length);
    expect(report.figures.satisfaction.average).toBeCloseTo(scores.reduce((a, b) => a + b, 0) / scores.length, 6);
    expect(report.figures.satisfaction.distribution.map((r) => r.count)).toEqual([1, 2, 3, 4, 5].map((n) => scores.filter((s) => s === n).length));
  });

  it('when people wrote to the bot in the period, then those with a ticket count as escalated and the rest as handled by the bot alone', () => {
    expect(report.figures.conversations).toEqual({ total: 3, escalated: 2, botAlone: 1 });
  });

  it('when news went out in the period, then subscribers and reach come from the subscriptions and the deliveries', () => {
    expect(report.figures.subscribers.total).toBe(2);
    expect(Object.fromEntries(report.figures.subscribers.byTopic.map((r) => [r.key, r.count]))).toEqual({ 'chat-luong': 2, 'do-luong': 1 });
    expect(report.figures.news).toMatchObject({ items: 1, targeted: 4, sent: 2, sentAtNextContact: 1, expired: 1, failed: 1, reach: 0.5 });
  });
});

describe('report exports', () => {
  it('when the tickets are exported as CSV, then there is one row per ticket of the period after the header', () => {
    const csv = ticketsCsv(report.figures, { timezone: TZ, topicNames, departmentNames: report.data.departmentNames });
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe(TICKET_CSV_HEADER.join(','));
    expect(
      lines
        .slice(1)
        .map((l) => l.split(',')[0])
        .sort(),
    ).toEqual(IN_PERIOD.map((s) => s.code).sort());
    const first = lines.find((l) => l.startsWith('KHCN-2026-00001'))!;
    expect(first).toContain('2026-04-29 09:00');
    expect(first).toContain(',1,');
  });

  it('when the summary is exported as CSV, then it holds the tables by kind, times, on-time share and conversations', () => {
    const csv = summaryCsv(report.figures, PERIOD);
    expect(csv).toContain(`Tổng số phiếu,Tất cả,${IN_PERIOD.length}`);
    expect(csv).toContain(`Theo loại,Câu hỏi,${IN_PERIOD.filter((s) => s.kind === 'question').length}`);
    expect(csv).toContain('Cuộc trò chuyện,Chuyển cán bộ (có phiếu),2');
    expect(csv).toMatch(/Đúng hạn,Tỷ lệ,\d+\.\d%/);
  });

  it('when the report is printed, then the document carries the department heading, the title, the period and the date', () => {
    const heading = readReportHeading({ REPORT_PROVINCE: 'Hưng Yên', REPORT_PLACE: 'Hưng Yên' });
    const doc = printableReport(report.figures, { heading, period: PERIOD, issuedAt: REPORT_DATE, timezone: TZ });
    expect(doc).toContain('UBND TỈNH HƯNG YÊN');
    expect(doc).toContain('SỞ KHOA HỌC VÀ CÔNG NGHỆ');
    expect(doc).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(doc).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(doc).toContain('Hưng Yên, ngày 20 tháng 06 năm 2026');
    expect(doc).toContain('<h1>BÁO CÁO</h1>');
    expect(doc).toContain('số liệu từ ngày 01/04/2026 đến ngày 31/05/2026');
    expect(doc).toContain('<svg');
    expect(doc).not.toMatch(/<script/i);
  });
});

describe('report periods', () => {
  it('when the six-month and yearly presets are chosen, then they follow the data cut-off dates of Decree 09/2019/ND-CP', () => {
    expect(presetPeriod('h1', 2026)).toMatchObject({ from: '2025-12-15', to: '2026-06-14' });
    expect(presetPeriod('h2', 2026)).toMatchObject({ from: '2026-06-15', to: '2026-12-14' });
    expect(presetPeriod('year', 2026)).toMatchObject({ from: '2025-12-15', to: '2026-12-14' });
    expect(presetPeriod('cal-year', 2026)).toMatchObject({ from: '2026-01-01', to: '2026-12-31' });
  });

  it('when a custom period ends before it starts, then it is refused with a clear message', () => {
    expect(() => customPeriod('2026-05-31', '2026-04-01')).toThrow(/before its start/);
    expect(() => customPeriod('2026-02-30', '2026-04-01')).toThrow(/YYYY-MM-DD/);
  });
});

describe('report periods from a request', () => {
  it('when a preset is named in the query, then its period is used, and an unknown one is refused', () => {
    expect(periodFromQuery({ preset: 'h1-2026' }, '2026-11-28')).toMatchObject({ from: '2025-12-15', to: '2026-06-14', preset: 'h1-2026' });
    expect(periodFromQuery({ preset: 'cal-h2-2025' }, '2026-11-28')).toMatchObject({ from: '2025-07-01', to: '2025-12-31' });
    expect(periodFromQuery({}, '2026-11-28')).toMatchObject({ preset: 'h1-2026' });
    expect(() => periodFromQuery({ preset: 'q3-2026' }, '2026-11-28')).toThrow(/unknown period/);
  });
});
