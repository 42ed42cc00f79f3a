import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildTicketCopies } from '../../src/services/tickets/copies-migration.js';
import { TicketModel } from '../../src/db/models/ticket.js';
import { ADMIN, addStaff, type ConsoleClient, DEPT_A, DEPT_B, signedIn } from '../console/support.js';
import { startServiceWithPages, type PagesService } from './console-service.js';

let world: PagesService;
let admin: ConsoleClient;
let lead: ConsoleClient;
let officer: ConsoleClient;

const vn = (iso: string) => new Date(`${iso}+07:00`);

function ticket(code: string, departmentCode: string, createdAt: Date) {
  return {
    code,
    kind: 'question',
    topic: 'chat-luong',
    departmentCode,
    status: 'answered',
    channel: 'zalo',
    question: 'Câu hỏi',
    language: 'vi',
    attachments: [],
    notes: [],
    history: [],
    dueAt: vn('2026-05-20T17:00:00'),
    firstResponseAt: vn('2026-05-12T09:00:00'),
    resolvedAt: vn('2026-05-12T09:00:00'),
    createdAt,
    updatedAt: createdAt,
  };
}

beforeAll(async () => {
  world = await startServiceWithPages('reports_routes');
  await TicketModel.collection.insertMany([
    ticket('KHCN-2026-00201', DEPT_A, vn('2026-05-11T09:00:00')),
    ticket('KHCN-2026-00202', DEPT_A, vn('2026-05-12T10:00:00')),
    ticket('KHCN-2026-00203', DEPT_B, vn('2026-05-13T11:00:00')),
    ticket('KHCN-2026-00204', DEPT_B, vn('2026-07-01T11:00:00')),
  ]);
  // Stored directly, as an installation from before the copies: the start-up migration's rebuild makes them.
  await rebuildTicketCopies('Asia/Ho_Chi_Minh');
  admin = await signedIn(world.url, ADMIN);
  lead = await signedIn(world.url, await addStaff('truongphong', 'lead', DEPT_A));
  officer = await signedIn(world.url, await addStaff('chuyenvien', 'officer', DEPT_A));
});
afterAll(async () => {
  await world?.stop();
});

const Q = 'from=2026-05-01&to=2026-05-31';

describe('reports in the console', () => {
  it('when an admin opens the reports for a period, then the page shows the figures with charts drawn on the server and the export links', async () => {
    const res = await admin.get(`/console/reports?${Q}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Tiếp nhận: 3 phiếu');
    expect(res.text).toContain('<svg');
    expect(res.text).toContain(`/console/reports/tickets.csv?${Q.replace('&', '&amp;')}`);
    expect(res.text).not.toMatch(/<script(?![^>]*src=")/);
  });

  it('when the admin downloads the tickets CSV, then it has one row per ticket of the period', async () => {
    const res = await admin.get(`/console/reports/tickets.csv?${Q}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toContain('attachment; filename="phieu-2026-05-01-2026-05-31.csv"');
    const rows = res.text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n')
      .slice(1);
    expect(rows.map((r) => r.split(',')[0]).sort()).toEqual(['KHCN-2026-00201', 'KHCN-2026-00202', 'KHCN-2026-00203']);
  });

  it('when a department lead asks for the whole department, then only their own unit is counted', async () => {
    const res = await lead.get(`/console/reports/tickets.csv?${Q}&department=${DEPT_B}`);
    const rows = res.text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n')
      .slice(1);
    expect(rows.map((r) => r.split(',')[0]).sort()).toEqual(['KHCN-2026-00201', 'KHCN-2026-00202']);
  });

  it('when the printable report is opened, then it is a self-contained document with the heading, allowed its own style only', async () => {
    const res = await admin.get('/console/reports/print?preset=h1-2026');
    expect(res.status).toBe(200);
    expect(res.text).toContain('UBND TỈNH HƯNG YÊN');
    expect(res.text).toContain('SỞ KHOA HỌC VÀ CÔNG NGHỆ');
    expect(res.text).toContain('6 tháng đầu năm 2026 (số liệu từ ngày 15/12/2025 đến ngày 14/06/2026)');
    expect(res.headers.get('content-security-policy')).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(res.text).not.toContain('console.js');
  });

  it('when an officer opens the reports, then access is refused', async () => {
    expect((await officer.get(`/console/reports?${Q}`)).status).toBe(403);
  });

  it('when the period is malformed, then the answer says what is wrong', async () => {
    const res = await admin.get('/console/reports?from=2026-05-31&to=2026-05-01');
    expect(res.status).toBe(400);
    expect(res.text).toContain('before its start');
  });
});
