import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEffectiveCalendar } from '../../src/console/index.js';
import { AuditEntryModel } from '../../src/db/models/audit-entry.js';
import { DepartmentModel } from '../../src/db/models/department.js';
import { RoutingRuleModel } from '../../src/db/models/routing-rule.js';
import { StaffModel } from '../../src/db/models/staff.js';
import { seedDirectory } from '../../src/db/seed.js';
import { createTicket } from '../../src/services/tickets/index.js';
import { isWorkingDay } from '../../src/services/working-days.js';
import { ADMIN, ConsoleClient, DEPT_A, DEPT_B, signedIn, startConsoleService, type ConsoleTestService } from './support.js';

let t: ConsoleTestService;
let admin: ConsoleClient;

function vn(local: string): Date {
  return new Date(`${local}+07:00`);
}

beforeAll(async () => {
  t = await startConsoleService('console_admin');
  admin = await signedIn(t.url, ADMIN);
});
afterAll(async () => {
  await t?.stop();
});

describe('administration', () => {
  it('when an admin points a topic at another department, then the next ticket goes there, without a restart, and the seed keeps the change', async () => {
    const before = await createTicket(t.service.tickets, {
      kind: 'question',
      topic: 'do-luong',
      question: 'Trước khi đổi',
      contactKey: 'zalo:1',
      channel: 'zalo',
      language: 'vi',
    });
    expect(before.departmentCode).toBe(DEPT_A);
    const res = await admin.post('/console/admin/rules/topic-do-luong', {
      topic: 'do-luong',
      keywords: '',
      departmentCode: DEPT_B,
      priority: '10',
      active: 'on',
    });
    expect(res.status).toBe(303);
    const after = await createTicket(t.service.tickets, {
      kind: 'question',
      topic: 'do-luong',
      question: 'Sau khi đổi',
      contactKey: 'zalo:2',
      channel: 'zalo',
      language: 'vi',
    });
    expect(after.departmentCode).toBe(DEPT_B);
    await seedDirectory('content');
    expect(await RoutingRuleModel.findOne({ key: 'topic-do-luong' }).lean()).toMatchObject({ departmentCode: DEPT_B, editedBy: ADMIN.username });
    const audit = await AuditEntryModel.findOne({ action: 'routing_rule.update', targetId: 'topic-do-luong' }).lean();
    expect(audit).toMatchObject({ actor: ADMIN.username, details: { before: { departmentCode: DEPT_A }, after: { departmentCode: DEPT_B } } });
  });

  it('when an admin adds a keyword rule with diacritics, then it is stored folded and catches questions typed either way', async () => {
    const res = await admin.post('/console/admin/rules', {
      keywords: 'Mã vạch GS1, Đăng ký mã số',
      departmentCode: 'trung-tam-ttud',
      priority: '50',
      active: 'on',
    });
    expect(res.status).toBe(303);
    const rule = await RoutingRuleModel.findOne({ key: /^console-/ }).lean();
    expect(rule).toMatchObject({ keywords: ['ma vach gs1', 'dang ky ma so'], departmentCode: 'trung-tam-ttud', editedBy: ADMIN.username });
    const ticket = await createTicket(t.service.tickets, {
      kind: 'question',
      question: 'Xin hướng dẫn đăng ky ma so cho sản phẩm',
      contactKey: 'zalo:3',
      channel: 'zalo',
      language: 'vi',
    });
    expect(ticket.departmentCode).toBe('trung-tam-ttud');
    const bad = await admin.post('/console/admin/rules', { keywords: 'abc', departmentCode: 'khong-ton-tai', priority: '1', active: 'on' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Không có phòng ban mã');
  });

  it('when an admin edits a department, then it is marked edited, the seed leaves it alone, and bad input is explained', async () => {
    const res = await admin.post(`/console/admin/departments/${DEPT_A}`, {
      nameVi: 'Chi cục Tiêu chuẩn Đo lường Chất lượng tỉnh',
      nameEn: 'Sub-Department for Standards, Metrology and Quality',
      topics: 'tieu-chuan-quy-chuan, chat-luong, do-luong',
      email: 'chicuc@skhcn.example.gov.vn',
      phone: '0203 3825 123',
      active: 'on',
    });
    expect(res.status).toBe(303);
    await seedDirectory('content');
    const dept = await DepartmentModel.findOne({ code: DEPT_A }).lean();
    expect(dept).toMatchObject({
      name: { vi: 'Chi cục Tiêu chuẩn Đo lường Chất lượng tỉnh' },
      contacts: { email: 'chicuc@skhcn.example.gov.vn' },
      editedBy: ADMIN.username,
      isSample: false,
    });
    expect(dept!.editedAt).toBeInstanceOf(Date);
    const bad = await admin.post(`/console/admin/departments/${DEPT_A}`, { nameVi: 'X', nameEn: 'X', email: 'không phải email', active: 'on' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Email không hợp lệ.');
    const badTopic = await admin.post(`/console/admin/departments/${DEPT_A}`, { nameVi: 'X', nameEn: 'X', topics: 'do-luong, Đo Lường', active: 'on' });
    expect(badTopic.status).toBe(400);
    expect(badTopic.text).toContain('Mã chủ đề &quot;Đo Lường&quot; không hợp lệ (chữ thường không dấu, số, gạch ngang).');
    const created = await admin.post('/console/admin/departments', { code: 'phong-thu-nghiem', nameVi: 'Phòng Thử nghiệm', nameEn: 'Testing', active: 'on' });
    expect(created.status).toBe(303);
    expect(await DepartmentModel.countDocuments({ code: 'phong-thu-nghiem' })).toBe(1);
    expect(await AuditEntryModel.countDocuments({ action: { $in: ['department.update', 'department.create'] } })).toBe(2);
  });

  it('when an admin creates, promotes, resets and deactivates an account, then each applies to its open sessions at once', async () => {
    const created = await admin.post('/console/admin/staff', {
      username: 'Hoa.PT',
      password: 'Mat-khau-ban-dau-1',
      displayName: 'Phạm Thị Hoa',
      role: 'officer',
      departmentCode: DEPT_A,
      active: 'on',
    });
    expect(created.status).toBe(303);
    const doc = await StaffModel.findOne({ username: 'hoa.pt' }).lean();
    expect(doc).toMatchObject({ displayName: 'Phạm Thị Hoa', role: 'officer', departmentCode: DEPT_A });
    const hoa = await signedIn(t.url, { username: 'hoa.pt', password: 'Mat-khau-ban-dau-1' });
    expect((await hoa.get('/console/admin/staff')).status).toBe(403);
    const id = String(doc!._id);

    expect((await admin.post(`/console/admin/staff/${id}`, { displayName: 'Phạm Thị Hoa', role: 'admin', departmentCode: DEPT_A, active: 'on' })).status).toBe(
      303,
    );
    expect((await hoa.get('/console/admin/staff')).status).toBe(200);

    expect((await admin.post(`/console/admin/staff/${id}/password`, { password: 'Mat-khau-moi-cua-hoa' })).status).toBe(303);
    expect((await hoa.get('/console/queue')).status).toBe(303);
    const again = await signedIn(t.url, { username: 'hoa.pt', password: 'Mat-khau-moi-cua-hoa' });

    expect((await admin.post(`/console/admin/staff/${id}`, { displayName: 'Phạm Thị Hoa', role: 'officer', departmentCode: DEPT_A })).status).toBe(303);
    expect((await again.get('/console/queue')).status).toBe(303);
    expect((await new ConsoleClient(t.url).signIn('hoa.pt', 'Mat-khau-moi-cua-hoa')).status).toBe(401);

    const noDept = await admin.post('/console/admin/staff', {
      username: 'khong.phong',
      password: 'Mat-khau-ban-dau-1',
      displayName: 'Không phòng',
      role: 'officer',
      active: 'on',
    });
    expect(noDept.status).toBe(400);
    const duplicate = await admin.post('/console/admin/staff', {
      username: 'hoa.pt',
      password: 'Mat-khau-ban-dau-1',
      displayName: 'Trùng',
      role: 'admin',
      active: 'on',
    });
    expect(duplicate.status).toBe(409);
    const actions = (await AuditEntryModel.find({ targetType: 'staff', targetId: id }).sort({ at: 1 }).lean()).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['staff.create', 'staff.update', 'staff.password_reset']));
  });

  it('when the only active admin would demote or deactivate themselves, then it is refused', async () => {
    const me = await StaffModel.findOne({ username: ADMIN.username }).lean();
    const res = await admin.post(`/console/admin/staff/${String(me!._id)}`, { displayName: 'Quản trị', role: 'officer', departmentCode: DEPT_A, active: 'on' });
    expect(res.status).toBe(409);
    expect(res.text).toContain('tài khoản quản trị cuối cùng');
    expect((await StaffModel.findById(me!._id).lean())!.role).toBe('admin');
  });

  it('when an admin adds a day off and a make-up Saturday, then due dates follow at once, and reverting restores the file', async () => {
    const monday = vn('2026-06-01T09:00:00');
    const due = async () =>
      (
        await createTicket(
          t.service.tickets,
          { kind: 'question', topic: 'chuyen-doi-so', question: 'Hạn xử lý', contactKey: 'zalo:9', channel: 'zalo', language: 'vi' },
          { now: monday },
        )
      ).dueAt;
    expect(await due()).toEqual(vn('2026-06-08T17:00:00'));

    expect((await admin.post('/console/admin/calendar', { date: '2026-06-03', change: 'holiday', name: 'Nghỉ bù do tỉnh quyết định' })).status).toBe(303);
    expect(await due()).toEqual(vn('2026-06-09T17:00:00'));
    const page = await admin.get('/console/admin/calendar?year=2026');
    expect(page.text).toContain('Nghỉ bù do tỉnh quyết định');

    expect((await admin.post('/console/admin/calendar', { date: '2026-06-06', change: 'extra_working' })).status).toBe(303);
    expect(await due()).toEqual(vn('2026-06-08T17:00:00'));

    expect((await admin.post('/console/admin/calendar', { date: '2026-09-02', change: 'working' })).status).toBe(303);
    const effective = await loadEffectiveCalendar();
    expect(isWorkingDay('2026-09-02', effective)).toBe(true);
    expect(isWorkingDay('2026-06-03', effective)).toBe(false);
    expect(isWorkingDay('2026-06-03', t.service.tickets.calendar)).toBe(false);

    for (const date of ['2026-06-03', '2026-06-06', '2026-09-02']) {
      expect((await admin.post('/console/admin/calendar/revert', { date })).status).toBe(303);
    }
    expect(isWorkingDay('2026-09-02', t.service.tickets.calendar)).toBe(false);
    expect(await due()).toEqual(vn('2026-06-08T17:00:00'));

    const weekday = await admin.post('/console/admin/calendar', { date: '2026-06-04', change: 'extra_working' });
    expect(weekday.status).toBe(400);
    const outside = await admin.post('/console/admin/calendar', { date: '2031-01-02', change: 'holiday', name: 'X' });
    expect(outside.status).toBe(400);
    expect(outside.text).toContain('Lịch chỉ gồm các năm');
    expect(await AuditEntryModel.countDocuments({ action: 'calendar.edit' })).toBe(3);
    expect(await AuditEntryModel.countDocuments({ action: 'calendar.revert' })).toBe(3);
  });
});
