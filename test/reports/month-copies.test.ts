import { beforeAll, describe, expect, it } from 'vitest';
import { TicketModel } from '../../src/db/models/ticket.js';
import { buildReport, type Report } from '../../src/reports/build.js';
import type { ReportTicket } from '../../src/reports/collect.js';
import { computeFigures } from '../../src/reports/figures.js';
import { customPeriod, periodBounds } from '../../src/reports/period.js';
import {
  anonymiseTicketsForContact,
  answerTicket,
  closeTicket,
  rateTicket,
  reassignTicket,
  reopenTicket,
  setInProgress,
  toTicketRecord,
  type TicketDoc,
} from '../../src/services/tickets/index.js';
import { loadWorkingCalendar } from '../../src/services/working-days.js';
import { useTestDatabase } from '../support/database.js';
import { seedShippedDirectory } from '../services/directory-fixture.js';
import { createMeasurementQuestion, officerTcdlcl, admin, vn } from '../services/tickets/fixture.js';
import { testTickets } from '../support/tickets.js';

useTestDatabase('report_month_copies');

const TZ = 'Asia/Ho_Chi_Minh';
const PERIOD = customPeriod('2026-01-01', '2026-06-30');
const REPORT_DATE = vn('2026-07-15T09:00:00');
const calendar = loadWorkingCalendar();
const options = { timezone: TZ, calendar, topicNames: new Map<string, string>(), now: REPORT_DATE };

/** The report's tickets read the earlier way: every ticket of the collection, filtered in the query. */
async function ticketsByScan(departmentCode?: string): Promise<ReportTicket[]> {
  const { start, end } = periodBounds(PERIOD, TZ);
  const docs = await TicketModel.find({ createdAt: { $gte: start, $lt: end }, ...(departmentCode ? { departmentCode } : {}) })
    .sort({ createdAt: 1 })
    .lean<TicketDoc[]>();
  return docs.map((doc) => {
    const t = toTicketRecord(doc);
    return {
      id: t.id,
      code: t.code,
      kind: t.kind,
      topic: t.topic,
      departmentCode: t.departmentCode,
      channel: t.channel,
      status: t.status,
      createdAt: t.createdAt,
      dueAt: t.dueAt,
      firstResponseAt: t.firstResponseAt,
      resolvedAt: t.resolvedAt,
      ratingScore: t.rating?.score,
      contactKey: t.contactKey,
    };
  });
}

/** The figures of the report, and the same computed from the scanned tickets. */
async function bothWays(departmentCode?: string): Promise<{ copies: Report; scanned: ReturnType<typeof computeFigures> }> {
  const copies = await buildReport(PERIOD, { ...options, departmentCode });
  const scanned = computeFigures({ ...copies.data, tickets: await ticketsByScan(departmentCode) }, options);
  return { copies, scanned };
}

beforeAll(async () => {
  await seedShippedDirectory();
  // A half year of tickets changed the ways staff and people change them, some many times.
  const day = (i: number) => vn(`2026-0${1 + (i % 6)}-${String(3 + (i % 25)).padStart(2, '0')}T0${8 + (i % 2)}:30:00`);
  for (let i = 0; i < 40; i += 1) {
    const ticket = await createMeasurementQuestion({ contactKey: `zalo:55${i}`, requestKey: `copies-${i}` }, day(i));
    const later = (days: number) => new Date(ticket.createdAt.getTime() + days * 86_400_000);
    if (i % 5 === 1) await setInProgress(testTickets, ticket.id, officerTcdlcl, { now: later(1) });
    if (i % 5 >= 2) await answerTicket(testTickets, ticket.id, `Trả lời ${i}`, officerTcdlcl, { now: later(2 + (i % 7)) });
    if (i % 5 === 3) await closeTicket(testTickets, ticket.id, officerTcdlcl, { now: later(12) });
    if (i % 10 === 4) await rateTicket(testTickets, ticket.code, 1 + (i % 5), { contactKey: `zalo:55${i}`, now: later(13) });
    if (i % 10 === 3) await reopenTicket(testTickets, ticket.id, 'Hỏi thêm', officerTcdlcl, { now: later(14) });
    if (i % 8 === 2 && (i % 5 !== 3 || i % 10 === 3)) await reassignTicket(testTickets, ticket.id, 'cds-bcvt', 'Đúng thẩm quyền', admin, { now: later(15) });
    if (i % 13 === 0) await anonymiseTicketsForContact(testTickets, `zalo:55${i}`, { now: later(16) });
  }
  // One received outside the period, on the first day after it in Hà Nội.
  await createMeasurementQuestion({ contactKey: 'zalo:5599', requestKey: 'copies-outside' }, vn('2026-07-01T00:10:00'));
});

describe('reports from the monthly copies of the tickets', () => {
  it('when tickets were created, answered, closed, reopened, rated, moved and anonymised, then every figure equals the one from reading every ticket', async () => {
    const { copies, scanned } = await bothWays();
    expect(copies.figures.total).toBe(40);
    expect(copies.figures).toEqual(scanned);
  });

  it('when the report covers one department, then it equals the scan of that department', async () => {
    const { copies, scanned } = await bothWays('chi-cuc-tcdlcl');
    expect(copies.figures.total).toBeGreaterThan(0);
    expect(copies.figures.total).toBeLessThan(40);
    expect(copies.figures).toEqual(scanned);
  });
});
