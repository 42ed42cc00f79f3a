import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFirstAdmin } from '../../src/console/auth/first-admin.js';
import { hashPassword } from '../../src/console/auth/password.js';
import { sessionIdOf } from '../../src/console/auth/session.js';
import { AuditEntryModel } from '../../src/db/models/audit-entry.js';
import { StaffSessionModel } from '../../src/db/models/staff-session.js';
import { StaffModel } from '../../src/db/models/staff.js';
import { addStaff, ADMIN, ConsoleClient, DEPT_A, signedIn, startConsoleService, testPasswords, type ConsoleTestService } from './support.js';

let t: ConsoleTestService;

beforeAll(async () => {
  t = await startConsoleService('console_signin', {
    // Behind a proxy on this machine: X-Forwarded-For stands for clients at other addresses.
    env: { TRUST_PROXY: 'loopback' },
    settings: {
      addressThrottle: { maxFailures: 12, windowMs: 15 * 60_000, lockMs: 15 * 60_000, maxLockMs: 3_600_000 },
      accountSlowdown: { afterFailures: 6, windowMs: 15 * 60_000, delayMs: 50, maxDelayMs: 200 },
    },
  });
});
afterAll(async () => {
  await t?.stop();
});

describe('sign-in', () => {
  it('when ADMIN_USERNAME and ADMIN_PASSWORD are set and no admin exists, then the first admin is created and signs in with a session cookie', async () => {
    const admin = await StaffModel.findOne({ username: ADMIN.username }).lean();
    expect(admin).toMatchObject({ role: 'admin', active: true });
    expect(admin!.passwordHash).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]{86}$/);
    expect(await ensureFirstAdmin({ username: 'someone-else', password: 'another-password-123' }, testPasswords)).toBe('exists');

    const client = new ConsoleClient(t.url);
    const form = await client.get('/console/login');
    expect(form.status).toBe(200);
    expect(form.text).toContain('Đăng nhập');
    const res = await client.post('/console/login', { username: ADMIN.username, password: ADMIN.password });
    expect(res.status).toBe(303);
    expect(res.location).toBe('/console/queue');
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('caunoi_console='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\/console/);
    expect(cookie).not.toMatch(/Secure/);
    const queue = await client.get('/console/queue');
    expect(queue.status).toBe(200);
    expect(queue.text).toContain('Quản trị hệ thống');
    expect(queue.headers.get('strict-transport-security')).toBeNull();
    // The cookie is random and only its hash is stored.
    const token = client.cookies.get('caunoi_console')!;
    expect(await StaffSessionModel.countDocuments({ _id: token })).toBe(0);
    expect(await StaffSessionModel.countDocuments({})).toBeGreaterThan(0);
  });

  it('when the password is wrong, then the same refusal as for an unknown name, no session, and the failure is audited', async () => {
    const client = new ConsoleClient(t.url);
    await client.get('/console/login');
    const wrong = await client.post('/console/login', { username: ADMIN.username, password: 'not-the-password' });
    const unknown = await client.post('/console/login', { username: 'khong-co-ai', password: 'not-the-password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.text).toContain('Tên đăng nhập hoặc mật khẩu không đúng.');
    expect(unknown.text).toContain('Tên đăng nhập hoặc mật khẩu không đúng.');
    expect(client.cookies.has('caunoi_console')).toBe(false);
    expect(await AuditEntryModel.countDocuments({ action: 'staff.sign_in_failed', targetId: ADMIN.username })).toBeGreaterThanOrEqual(1);
  });

  it('when the sign-in form is posted without its token, then 403 and no session', async () => {
    const client = new ConsoleClient(t.url);
    await client.get('/console/login');
    const res = await client.post('/console/login', { username: ADMIN.username, password: ADMIN.password }, { csrf: false });
    expect(res.status).toBe(403);
    expect(client.cookies.has('caunoi_console')).toBe(false);
  });

  it('when username or password carry MongoDB operators, then 400 and nobody is signed in', async () => {
    const client = new ConsoleClient(t.url);
    await client.get('/console/login');
    const asJson = await client.request('POST', '/console/login', {
      body: JSON.stringify({ _csrf: client.csrfToken, username: { $gt: '' }, password: { $gt: '' } }),
      contentType: 'application/json',
    });
    expect(asJson.status).toBe(400);
    const mixed = await client.request('POST', '/console/login', {
      body: JSON.stringify({ _csrf: client.csrfToken, username: ADMIN.username, password: { $ne: 'x' } }),
      contentType: 'application/json',
    });
    expect(mixed.status).toBe(400);
    const asForm = await client.request('POST', '/console/login', {
      body: `_csrf=${client.csrfToken}&username[$ne]=x&password[$ne]=x`,
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(asForm.status).toBe(400);
    expect(client.cookies.has('caunoi_console')).toBe(false);
  });

  it('when a sign-in names a page elsewhere to return to, then it lands in the console instead', async () => {
    const client = new ConsoleClient(t.url);
    await client.get('/console/login');
    const res = await client.post('/console/login', { username: ADMIN.username, password: ADMIN.password, next: 'https://evil.example/console' });
    expect(res.status).toBe(303);
    expect(res.location).toBe('/console/queue');
    const page = await client.get('/console/queue?status=closed');
    expect(page.status).toBe(200);
  });

  it('when a signed-out visitor opens a page, then they are sent to sign in and come back to it after', async () => {
    const client = new ConsoleClient(t.url);
    const res = await client.get('/console/queue?status=answered');
    expect(res.status).toBe(303);
    expect(res.location).toBe('/console/login?next=%2Fconsole%2Fqueue%3Fstatus%3Danswered');
    const form = await client.get(res.location!);
    expect(form.text).toContain('value="/console/queue?status=answered"');
    const signIn = await client.post('/console/login', { username: ADMIN.username, password: ADMIN.password, next: '/console/queue?status=answered' });
    expect(signIn.location).toBe('/console/queue?status=answered');
  });

  it('when a member of staff signs out, then the old cookie opens nothing any more', async () => {
    const client = await signedIn(t.url, ADMIN);
    const cookie = client.cookies.get('caunoi_console')!;
    const out = await client.post('/console/logout');
    expect(out.status).toBe(303);
    expect(out.location).toBe('/console/login?ok=signed_out');
    const replay = new ConsoleClient(t.url);
    replay.cookies.set('caunoi_console', cookie);
    expect((await replay.get('/console/queue')).status).toBe(303);
    expect(await AuditEntryModel.countDocuments({ action: 'staff.sign_out' })).toBeGreaterThanOrEqual(1);
  });

  it('when a session has expired, then it is refused and removed', async () => {
    const client = await signedIn(t.url, ADMIN);
    const id = sessionIdOf(client.cookies.get('caunoi_console')!);
    expect(await StaffSessionModel.countDocuments({ _id: id })).toBe(1);
    await StaffSessionModel.updateOne({ _id: id }, { $set: { expiresAt: new Date(Date.now() - 1_000) } });
    expect((await client.get('/console/queue')).status).toBe(303);
    expect(await StaffSessionModel.countDocuments({ _id: id })).toBe(0);
  });

  it('when a member of staff changes their password, then the old one stops working and their other sessions end', async () => {
    const account = await addStaff('thu.nv', 'officer', DEPT_A, 'Mat-khau-cu-2026');
    const first = await signedIn(t.url, account);
    const second = await signedIn(t.url, account);
    const wrong = await first.post('/console/account/password', { current: 'sai-mat-khau-1', next: 'Mat-khau-moi-2026', confirm: 'Mat-khau-moi-2026' });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('Mật khẩu hiện tại không đúng.');
    const short = await first.post('/console/account/password', { current: 'Mat-khau-cu-2026', next: 'ngan', confirm: 'ngan' });
    expect(short.status).toBe(400);
    const ok = await first.post('/console/account/password', { current: 'Mat-khau-cu-2026', next: 'Mat-khau-moi-2026', confirm: 'Mat-khau-moi-2026' });
    expect(ok.status).toBe(303);
    expect((await first.get('/console/account')).status).toBe(200);
    expect((await second.get('/console/account')).status).toBe(303);
    expect((await new ConsoleClient(t.url).signIn(account.username, 'Mat-khau-cu-2026')).status).toBe(401);
    expect((await new ConsoleClient(t.url).signIn(account.username, 'Mat-khau-moi-2026')).status).toBe(303);
    expect(await AuditEntryModel.countDocuments({ action: 'staff.password_change' })).toBe(1);
  });

  it('when an account gets five wrong passwords from one address, then it is locked there even for the right password, while its owner elsewhere still signs in', async () => {
    const account = await addStaff('khoa.lv', 'officer', DEPT_A);
    const client = new ConsoleClient(t.url, { 'X-Forwarded-For': '198.51.100.20' });
    await client.get('/console/login');
    for (let i = 0; i < 5; i++) {
      expect((await client.post('/console/login', { username: account.username, password: `sai-${i}-mat-khau` })).status).toBe(401);
    }
    const locked = await client.post('/console/login', { username: account.username, password: account.password });
    expect(locked.status).toBe(429);
    expect(locked.text).toContain('Đăng nhập sai quá nhiều lần');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
    expect(client.cookies.has('caunoi_console')).toBe(false);
    // The same name typed in capitals is the same account.
    expect((await client.post('/console/login', { username: account.username.toUpperCase(), password: account.password })).status).toBe(429);
    expect((await new ConsoleClient(t.url, { 'X-Forwarded-For': '198.51.100.20' }).signIn(ADMIN.username, ADMIN.password)).status).toBe(303);
    expect(await AuditEntryModel.countDocuments({ action: 'staff.sign_in_throttled', targetId: account.username })).toBe(2);
    // The owner, at the office, is not locked out by the guesses made elsewhere.
    expect((await new ConsoleClient(t.url, { 'X-Forwarded-For': '203.0.113.40' }).signIn(account.username, account.password)).status).toBe(303);

    // An admin lifts the lock.
    const admin = await signedIn(t.url, ADMIN);
    const staffPage = await admin.get('/console/admin/staff');
    expect(staffPage.text).toContain('Tạm chặn đăng nhập');
    expect((await admin.post(`/console/admin/staff/${account.id}/unlock`)).status).toBe(303);
    expect((await new ConsoleClient(t.url, { 'X-Forwarded-For': '198.51.100.20' }).signIn(account.username, account.password)).status).toBe(303);
  });

  it('when strangers guess an admin password from many addresses, then the admin is never locked out and signs in with the right password', async () => {
    for (let i = 0; i < 14; i++) {
      const stranger = new ConsoleClient(t.url, { 'X-Forwarded-For': `2001:db8:${i + 1}::7` });
      expect((await stranger.signIn(ADMIN.username, `doan-mat-khau-${i}`)).status).toBe(401);
    }
    const owner = new ConsoleClient(t.url, { 'X-Forwarded-For': '203.0.113.41' });
    expect((await owner.signIn(ADMIN.username, ADMIN.password)).status).toBe(303);
    expect((await owner.get('/console/queue')).status).toBe(200);
  });

  it('when a name that is no account is typed, then the log and the audit keep only a fingerprint of it', async () => {
    const client = new ConsoleClient(t.url, { 'X-Forwarded-For': '198.51.100.77' });
    const typedPassword = 'Mat-khau-go-nham-o-ten-2026';
    expect((await client.signIn(typedPassword, 'anything-at-all')).status).toBe(401);
    const entries = await AuditEntryModel.find({ action: 'staff.sign_in_failed' }).lean();
    expect(JSON.stringify(entries).toLowerCase()).not.toContain(typedPassword.toLowerCase());
    expect(entries.some((e) => /^unknown:[0-9a-f]{12}$/.test(String(e.targetId)))).toBe(true);
  });

  it('when someone signs in whose password was hashed with an older, lower cost, then the hash is raised to the current one', async () => {
    const account = await addStaff('cu.hash', 'officer', DEPT_A);
    await StaffModel.updateOne({ _id: account.id }, { $set: { passwordHash: await hashPassword(account.password, { N: 2 ** 12, r: 8, p: 1 }) } });
    expect((await new ConsoleClient(t.url, { 'X-Forwarded-For': '198.51.100.78' }).signIn(account.username, account.password)).status).toBe(303);
    // The tests run at cost 14 (see test/support/service.ts); production defaults to 17.
    expect((await StaffModel.findById(account.id).lean())!.passwordHash).toMatch(/^scrypt\$16384\$8\$1\$/);
  });

  it('when one address fails with many different names, then sign-in from that address is locked for everyone', async () => {
    const client = new ConsoleClient(t.url, { 'X-Forwarded-For': '198.51.100.99' });
    await client.get('/console/login');
    // The limit is 12 within 15 minutes: the twelfth failure locks the address.
    const statuses: number[] = [];
    for (let i = 0; i < 13; i++) statuses.push((await client.post('/console/login', { username: `doan-ten-${i}`, password: 'thu-mat-khau' })).status);
    expect(statuses).toEqual([...Array<number>(12).fill(401), 429]);
    const res = await client.post('/console/login', { username: ADMIN.username, password: ADMIN.password });
    expect(res.status).toBe(429);
  });
});
