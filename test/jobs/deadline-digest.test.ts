import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { DeadlineDigestModel } from '../../src/db/models/deadline-digest.js';
import { DepartmentModel } from '../../src/db/models/department.js';
import { TicketModel } from '../../src/db/models/ticket.js';
import { rebuildTicketCopies } from '../../src/services/tickets/copies-migration.js';
import { buildDeadlineDigests } from '../../src/jobs/deadline-digest.js';
import { createSmtpMailer } from '../../src/jobs/mailer.js';
import { loadWorkingCalendar } from '../../src/services/working-days.js';
import { clearDatabase, useTestDatabase } from '../support/database.js';
import { startSmtpSink, type SmtpSink } from './smtp-sink.js';

useTestDatabase('jobs_digest');

const vn = (iso: string) => new Date(`${iso}+07:00`);
const calendar = loadWorkingCalendar();
/** Thursday 7:00, the morning the digest goes out. */
const NOW = vn('2026-06-18T07:00:00');
let sink: SmtpSink;
const lines: string[] = [];
const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });

async function seed(): Promise<void> {
  await DepartmentModel.insertMany([
    { code: 'tcdlcl', name: { vi: 'Chi cục Tiêu chuẩn Đo lường Chất lượng', en: 'TMQ' }, contacts: { email: 'chicuc@sokhcn.example.gov.vn' } },
    { code: 'qlcn', name: { vi: 'Phòng Quản lý công nghệ', en: 'Technology' } },
  ]);
  const ticket = (code: string, departmentCode: string, status: string, dueAt: Date) => ({
    code,
    kind: 'question',
    departmentCode,
    status,
    channel: 'zalo',
    question: 'Hỏi',
    language: 'vi',
    dueAt,
    attachments: [],
    notes: [],
    history: [],
    createdAt: vn('2026-06-10T09:00:00'),
    updatedAt: vn('2026-06-10T09:00:00'),
  });
  await TicketModel.collection.insertMany([
    ticket('KHCN-2026-00101', 'tcdlcl', 'new', vn('2026-06-16T17:00:00')), // overdue
    ticket('KHCN-2026-00102', 'tcdlcl', 'in_progress', vn('2026-06-19T17:00:00')), // due tomorrow
    ticket('KHCN-2026-00103', 'tcdlcl', 'new', vn('2026-07-30T17:00:00')), // far off: not listed
    ticket('KHCN-2026-00104', 'tcdlcl', 'answered', vn('2026-06-15T17:00:00')), // answered: not listed
    ticket('KHCN-2026-00105', 'qlcn', 'new', vn('2026-06-17T11:00:00')), // overdue, department without e-mail
  ]);
  // The queue's copies, as the start-up migration writes them for tickets stored before them.
  await rebuildTicketCopies('Asia/Ho_Chi_Minh');
}

beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(async () => {
  await sink?.close();
});
beforeEach(async () => {
  await clearDatabase();
  sink.mails.length = 0;
  lines.length = 0;
  await seed();
});

const smtp = () => ({ host: '127.0.0.1', port: sink.port, from: 'cau-noi@sokhcn.example.gov.vn', secure: false });

describe('deadline digest', () => {
  it('when mail is configured, then each department gets one mail listing its overdue and due-soon tickets, and a second run the same day mails nothing', async () => {
    const mailer = createSmtpMailer(smtp(), { timeoutMs: 5_000 });
    const counts = await buildDeadlineDigests(NOW, { calendar, mailer }, logger);
    expect(counts).toMatchObject({ departments: 2, overdue: 2, dueSoon: 1, mailed: 1, notMailed: 1 });
    expect(sink.mails).toHaveLength(1);
    expect(sink.mails[0]!.to).toEqual(['chicuc@sokhcn.example.gov.vn']);
    const digest = await DeadlineDigestModel.findById('tcdlcl:2026-06-18').lean();
    expect(digest!.overdue.map((i) => i.code)).toEqual(['KHCN-2026-00101']);
    expect(digest!.dueSoon.map((i) => i.code)).toEqual(['KHCN-2026-00102']);
    expect(digest!.mail).toMatchObject({ status: 'sent', to: 'chicuc@sokhcn.example.gov.vn' });
    expect((await DeadlineDigestModel.findById('qlcn:2026-06-18').lean())!.mail!.status).toBe('no_address');

    await buildDeadlineDigests(vn('2026-06-18T07:30:00'), { calendar, mailer }, logger);
    expect(sink.mails).toHaveLength(1);
  });

  it('when the mail body is read, then it names the overdue ticket with its Vietnamese kind and due time', async () => {
    await buildDeadlineDigests(NOW, { calendar, mailer: createSmtpMailer(smtp()) }, logger);
    const raw = sink.mails[0]!.data;
    expect(raw).toMatch(/Subject: =\?UTF-8\?/);
    const body = Buffer.from(
      raw
        .split('\r\n\r\n')
        .slice(1)
        .join('\r\n\r\n')
        .replace(/=\r\n/g, '')
        .replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
      'latin1',
    ).toString('utf8');
    expect(body).toContain('QUÁ HẠN (1)');
    expect(body).toContain('KHCN-2026-00101 · Câu hỏi · Mới · hạn 16/06/2026 17:00');
    expect(body).toContain('SẮP ĐẾN HẠN (1)');
  });

  it('when SMTP is not configured, then the digest is kept for the console and the log says it stays there', async () => {
    const counts = await buildDeadlineDigests(NOW, { calendar }, logger);
    expect(counts).toMatchObject({ departments: 2, mailed: 0, notMailed: 2 });
    expect((await DeadlineDigestModel.findById('tcdlcl:2026-06-18').lean())!.mail!.status).toBe('not_configured');
    expect(lines.join('\n')).toMatch(/SMTP is not configured.*stay in the staff console/);
  });

  it('when the mail server refuses, then the failure is recorded and the next run that day mails it', async () => {
    const mailer = createSmtpMailer(smtp(), { timeoutMs: 5_000 });
    sink.refuseNext(1);
    const first = await buildDeadlineDigests(NOW, { calendar, mailer }, logger);
    expect(first.mailFailed).toBe(1);
    expect((await DeadlineDigestModel.findById('tcdlcl:2026-06-18').lean())!.mail!.status).toBe('failed');
    const second = await buildDeadlineDigests(vn('2026-06-18T08:00:00'), { calendar, mailer }, logger);
    expect(second.mailed).toBe(1);
    expect(sink.mails).toHaveLength(1);
  });
});
