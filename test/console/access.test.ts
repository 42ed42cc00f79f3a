import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEntryModel } from '../../src/db/models/audit-entry.js';
import { ContactModel } from '../../src/db/models/contact.js';
import { DepartmentModel } from '../../src/db/models/department.js';
import { RoutingRuleModel } from '../../src/db/models/routing-rule.js';
import { StaffModel } from '../../src/db/models/staff.js';
import { TicketModel } from '../../src/db/models/ticket.js';
import { CalendarEditModel } from '../../src/db/models/calendar-edit.js';
import { createTicket } from '../../src/services/tickets/index.js';
import { addStaff, ADMIN, ConsoleClient, DEPT_A, DEPT_B, signedIn, startConsoleService, type ConsoleTestService } from './support.js';

type Role = 'admin' | 'leadA' | 'officerA' | 'officerB';
const ROLES: Role[] = ['admin', 'leadA', 'officerA', 'officerB'];

let t: ConsoleTestService;
const clients = {} as Record<Role, ConsoleClient>;
let ticketA: string;
let ticketB: string;
const MISSING = '0123456789abcdef01234567';
let officerBId: string;

async function snapshot(id: string) {
  const doc = await TicketModel.findById(id).lean();
  return {
    status: doc!.status,
    departmentCode: doc!.departmentCode,
    history: doc!.history.length,
    notes: doc!.notes.length,
    answer: doc!.answer?.text ?? null,
  };
}

beforeAll(async () => {
  t = await startConsoleService('console_access');
  const leadA = await addStaff('truong.a', 'lead', DEPT_A);
  const officerA = await addStaff('canbo.a', 'officer', DEPT_A);
  const officerB = await addStaff('canbo.b', 'officer', DEPT_B);
  officerBId = officerB.id;
  clients.admin = await signedIn(t.url, ADMIN);
  clients.leadA = await signedIn(t.url, leadA);
  clients.officerA = await signedIn(t.url, officerA);
  clients.officerB = await signedIn(t.url, officerB);
  for (const [key, userId] of [
    ['terminal:a-1', 'a-1'],
    ['terminal:b-1', 'b-1'],
  ] as const) {
    await ContactModel.create({ key, channel: 'terminal', userId, firstSeenAt: new Date(), lastInboundAt: new Date() });
  }
  ticketA = (
    await createTicket(t.service.tickets, {
      kind: 'question',
      topic: 'do-luong',
      question: 'Cân điện tử ở chợ có phải kiểm định không?',
      contactKey: 'terminal:a-1',
      channel: 'terminal',
      language: 'vi',
      contact: { phone: '0912 345 678' },
    })
  ).id;
  ticketB = (
    await createTicket(t.service.tickets, {
      kind: 'question',
      topic: 'so-huu-tri-tue',
      question: 'Bí mật: đăng ký nhãn hiệu cho HTX Chè Tân Cương mất bao lâu?',
      contactKey: 'terminal:b-1',
      channel: 'terminal',
      language: 'vi',
      contact: { email: 'b@example.vn' },
    })
  ).id;
  expect((await TicketModel.findById(ticketA).lean())!.departmentCode).toBe(DEPT_A);
  expect((await TicketModel.findById(ticketB).lean())!.departmentCode).toBe(DEPT_B);
});
afterAll(async () => {
  await t?.stop();
});

describe('authorization matrix', () => {
  const ok = (...roles: Role[]) => Object.fromEntries(ROLES.map((r) => [r, roles.includes(r) ? 200 : 0])) as Record<Role, number>;
  const pages = (): { path: string; expect: Record<Role, number>; api?: boolean }[] => [
    { path: '/console/queue', expect: ok(...ROLES) },
    { path: '/console/account', expect: ok(...ROLES) },
    { path: `/console/queue?department=${DEPT_A}`, expect: { admin: 200, leadA: 200, officerA: 200, officerB: 403 } },
    { path: `/console/queue?department=${DEPT_B}`, expect: { admin: 200, leadA: 403, officerA: 403, officerB: 200 } },
    { path: `/console/tickets/${ticketA}`, expect: { admin: 200, leadA: 200, officerA: 200, officerB: 404 } },
    { path: `/console/tickets/${ticketB}`, expect: { admin: 200, leadA: 404, officerA: 404, officerB: 200 } },
    { path: `/console/tickets/${ticketA}/takeover`, expect: { admin: 200, leadA: 200, officerA: 200, officerB: 404 } },
    { path: `/console/tickets/${ticketB}/takeover`, expect: { admin: 200, leadA: 404, officerA: 404, officerB: 200 } },
    { path: `/console/api/tickets/${ticketA}/deliveries`, expect: { admin: 200, leadA: 200, officerA: 200, officerB: 404 }, api: true },
    { path: `/console/api/tickets/${ticketB}/deliveries`, expect: { admin: 200, leadA: 404, officerA: 404, officerB: 200 }, api: true },
    { path: `/console/tickets/${MISSING}`, expect: { admin: 404, leadA: 404, officerA: 404, officerB: 404 } },
    { path: '/console/tickets/not-an-id', expect: { admin: 404, leadA: 404, officerA: 404, officerB: 404 } },
    { path: '/console/admin/departments', expect: { admin: 200, leadA: 403, officerA: 403, officerB: 403 } },
    { path: '/console/admin/rules', expect: { admin: 200, leadA: 403, officerA: 403, officerB: 403 } },
    { path: '/console/admin/staff', expect: { admin: 200, leadA: 403, officerA: 403, officerB: 403 } },
    { path: '/console/admin/calendar', expect: { admin: 200, leadA: 403, officerA: 403, officerB: 403 } },
  ];

  it('when each role opens each page and API, then it gets exactly what its role and department allow', async () => {
    const failures: string[] = [];
    for (const page of pages()) {
      for (const role of ROLES) {
        const res = await clients[role].get(page.path, page.api ? { Accept: 'application/json' } : undefined);
        if (res.status !== page.expect[role]) failures.push(`${role} GET ${page.path}: ${res.status}, expected ${page.expect[role]}`);
      }
      const anonymous = await new ConsoleClient(t.url).get(page.path, page.api ? { Accept: 'application/json' } : undefined);
      const expected = page.api ? 401 : 303;
      if (anonymous.status !== expected) failures.push(`anonymous GET ${page.path}: ${anonymous.status}, expected ${expected}`);
    }
    expect(failures).toEqual([]);
  });

  it("when someone opens another department's ticket, then the answer is the same as for a ticket that does not exist and shows nothing of it", async () => {
    const other = await clients.officerA.get(`/console/tickets/${ticketB}`);
    const missing = await clients.officerA.get(`/console/tickets/${MISSING}`);
    expect(other.status).toBe(404);
    expect(other.text).toBe(missing.text);
    expect(other.text).not.toContain('Tân Cương');
    expect(other.text).not.toContain('b@example.vn');
    const api = await clients.officerA.get(`/console/api/tickets/${ticketB}/deliveries`, { Accept: 'application/json' });
    const apiMissing = await clients.officerA.get(`/console/api/tickets/${MISSING}/deliveries`, { Accept: 'application/json' });
    expect(JSON.parse(api.text)).toEqual(JSON.parse(apiMissing.text));
    // The queue of one's own department never lists the other's tickets.
    const queue = await clients.officerA.get('/console/queue');
    expect(queue.text).not.toContain('Tân Cương');
    const search = await clients.officerA.get(`/console/queue?q=${encodeURIComponent('Tân Cương')}`);
    expect(search.status).toBe(200);
    expect(search.text).not.toContain(ticketB);
  });

  it('when each role opens the live event stream, then signed-in staff get a stream and strangers 401', async () => {
    for (const role of ROLES) {
      const controller = new AbortController();
      const res = await fetch(`${t.url}/console/events`, {
        headers: { Cookie: `caunoi_console=${clients[role].cookies.get('caunoi_console')}` },
        signal: controller.signal,
      });
      expect(res.status, role).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/event-stream');
      controller.abort();
    }
    const anonymous = await fetch(`${t.url}/console/events`);
    expect(anonymous.status).toBe(401);
  });

  it("when staff of one department try every ticket action on another department's ticket, then each is refused and the ticket is unchanged", async () => {
    const before = await snapshot(ticketB);
    const actions: [string, Record<string, string>][] = [
      ['answer', { text: 'Trả lời trái phép', n: '1' }],
      ['note', { text: 'Ghi chú trái phép' }],
      ['in-progress', {}],
      ['close', { reason: 'đóng thử' }],
      ['reopen', { reason: 'mở thử' }],
      ['reassign', { departmentCode: DEPT_A, reason: 'lấy về' }],
      ['takeover/start', {}],
      ['takeover/message', { text: 'Xin chào', clientId: 'abcdefgh12345678' }],
      ['takeover/end', {}],
    ];
    const failures: string[] = [];
    for (const role of ['leadA', 'officerA'] as const) {
      for (const [path, fields] of actions) {
        const res = await clients[role].post(`/console/tickets/${ticketB}/${path}`, fields);
        const expected = path === 'reassign' && role === 'officerA' ? 403 : 404;
        if (res.status !== expected) failures.push(`${role} POST ${path}: ${res.status}, expected ${expected}`);
        if (res.text.includes('Tân Cương')) failures.push(`${role} POST ${path} showed the ticket`);
      }
    }
    expect(failures).toEqual([]);
    expect(await snapshot(ticketB)).toEqual(before);
    expect((await ContactModel.findOne({ key: 'terminal:b-1' }).lean())!.takeover?.staffId).toBeUndefined();
  });

  it('when leads and officers post to the administration, then 403 and nothing changes', async () => {
    const departmentsBefore = await DepartmentModel.find({}).lean();
    const rulesBefore = await RoutingRuleModel.find({}).lean();
    const staffBefore = await StaffModel.find({}).lean();
    const posts: [string, Record<string, string>][] = [
      [`/console/admin/departments/${DEPT_A}`, { nameVi: 'Đổi tên', nameEn: 'Renamed', active: 'on' }],
      ['/console/admin/departments', { code: 'phong-moi', nameVi: 'Phòng mới', nameEn: 'New', active: 'on' }],
      ['/console/admin/rules/topic-do-luong', { topic: 'do-luong', departmentCode: DEPT_B, priority: '99', active: 'on' }],
      ['/console/admin/rules', { keywords: 'cân', departmentCode: DEPT_B, priority: '99', active: 'on' }],
      ['/console/admin/staff', { username: 'ke.gian', password: 'Mat-khau-ke-gian-1', displayName: 'X', role: 'admin', active: 'on' }],
      [`/console/admin/staff/${officerBId}`, { displayName: 'X', role: 'admin', active: 'on' }],
      [`/console/admin/staff/${officerBId}/password`, { password: 'Mat-khau-ke-gian-1' }],
      [`/console/admin/staff/${officerBId}/unlock`, {}],
      ['/console/admin/calendar', { date: '2026-06-01', change: 'holiday', name: 'Nghỉ' }],
      ['/console/admin/calendar/revert', { date: '2026-06-01' }],
    ];
    const failures: string[] = [];
    for (const role of ['leadA', 'officerA', 'officerB'] as const) {
      for (const [path, fields] of posts) {
        const res = await clients[role].post(path, fields);
        if (res.status !== 403) failures.push(`${role} POST ${path}: ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
    expect(await DepartmentModel.find({}).lean()).toEqual(departmentsBefore);
    expect(await RoutingRuleModel.find({}).lean()).toEqual(rulesBefore);
    expect(await StaffModel.find({}).lean()).toEqual(staffBefore);
    expect(await CalendarEditModel.countDocuments({})).toBe(0);
  });

  it("when a form is posted without the CSRF token, with a wrong one, or with another session's, then 403 and nothing changes", async () => {
    const before = await snapshot(ticketA);
    const path = `/console/tickets/${ticketA}/note`;
    const missing = await clients.officerA.post(path, { text: 'không có mã' }, { csrf: false });
    const wrong = await clients.officerA.post(path, { text: 'mã sai', _csrf: 'x'.repeat(43) });
    const foreign = await clients.officerA.post(path, { text: 'mã của người khác', _csrf: clients.leadA.csrfToken! });
    const jsonWithout = await clients.officerA.postJson(path, { text: 'json không có mã' }, { csrf: false });
    expect([missing.status, wrong.status, foreign.status, jsonWithout.status]).toEqual([403, 403, 403, 403]);
    expect(missing.text).toContain('tải lại trang');
    const adminMissing = await clients.admin.post('/console/admin/departments', { code: 'phong-x', nameVi: 'X', nameEn: 'X' }, { csrf: false });
    expect(adminMissing.status).toBe(403);
    const logout = await clients.officerA.post('/console/logout', {}, { csrf: false });
    expect(logout.status).toBe(403);
    expect((await clients.officerA.get('/console/queue')).status).toBe(200);
    expect(await snapshot(ticketA)).toEqual(before);
    expect(await DepartmentModel.countDocuments({ code: 'phong-x' })).toBe(0);
    const anonymous = await new ConsoleClient(t.url).post(path, { text: 'ẩn danh' });
    expect(anonymous.status).toBe(401);
  });

  it('when ids or fields carry objects or operators, then they are refused and match nothing', async () => {
    const before = await snapshot(ticketA);
    const injected = await clients.officerA.postJson(`/console/tickets/${ticketA}/note`, { text: { $ne: null } });
    expect(injected.status).toBe(400);
    const viaId = await clients.officerA.get(`/console/tickets/${encodeURIComponent('{"$ne":null}')}`);
    expect(viaId.status).toBe(404);
    const queue = await clients.officerA.get(`/console/queue?status[$ne]=new&q[$gt]=&department[$ne]=${DEPT_A}`);
    expect(queue.status).toBe(200);
    expect(queue.text).not.toContain('Tân Cương');
    const listQuery = await clients.officerA.get('/console/queue?q=a&q=b');
    expect(listQuery.status).toBe(400);
    expect(await snapshot(ticketA)).toEqual(before);
  });

  it('when an officer works a ticket of their department, then every action is applied and audited with who did it', async () => {
    const officer = clients.officerA;
    const base = `/console/tickets/${ticketA}`;
    expect((await officer.post(`${base}/in-progress`)).location).toBe(`${base}?ok=in_progress`);
    expect((await officer.post(`${base}/note`, { text: 'Đã gọi điện cho người hỏi' })).status).toBe(303);
    expect((await officer.post(`${base}/answer`, { text: 'Cân điện tử dùng trong mua bán phải kiểm định định kỳ.', n: '1' })).status).toBe(303);
    expect((await officer.post(`${base}/close`, { reason: 'Đã trả lời' })).status).toBe(303);
    expect((await officer.post(`${base}/reopen`, { reason: 'Người dân hỏi thêm' })).status).toBe(303);
    // Officers do not move tickets between departments; their lead does.
    expect((await officer.post(`${base}/reassign`, { departmentCode: DEPT_B, reason: 'Thuộc lĩnh vực SHTT' })).status).toBe(403);
    const moved = await clients.leadA.post(`${base}/reassign`, { departmentCode: DEPT_B, reason: 'Thuộc lĩnh vực SHTT' });
    expect(moved.status).toBe(303);
    expect(moved.location).toBe('/console/queue?status=in_progress&ok=reassigned');
    expect((await officer.get(base)).status).toBe(404);
    expect((await clients.officerB.get(base)).status).toBe(200);

    const audit = await AuditEntryModel.find({ targetType: 'ticket', targetId: ticketA }).sort({ at: 1, _id: 1 }).lean();
    const actions = audit.map((a) => `${a.actor} ${a.action}`);
    for (const line of [
      'canbo.a ticket.view',
      'canbo.a ticket.in_progress',
      'canbo.a ticket.note',
      'canbo.a ticket.answer',
      'canbo.a ticket.close',
      'canbo.a ticket.reopen',
      'truong.a ticket.reassign',
    ]) {
      expect(actions).toContain(line);
    }
    const page = await clients.officerB.get(base);
    expect(page.text).toContain('Cán bộ canbo.a');
    expect(page.text).toContain('Thuộc lĩnh vực SHTT');
  });
});
