import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, ConsoleClient, startConsoleService, type ConsoleTestService } from './support.js';

let t: ConsoleTestService;

beforeAll(async () => {
  t = await startConsoleService('console_headers', { env: { CONSOLE_SECURE_COOKIES: 'true' }, settings: { signInPerMinute: 4 } });
});
afterAll(async () => {
  await t?.stop();
});

describe('console security headers and sign-in rate limit', () => {
  it('when the console runs behind TLS, then every page carries CSP without inline script, no framing, HSTS, and Secure cookies', async () => {
    const client = new ConsoleClient(t.url);
    const login = await client.get('/console/login');
    const csp = login.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'none'");
    expect(login.headers.get('x-frame-options')).toBe('DENY');
    expect(login.headers.get('x-content-type-options')).toBe('nosniff');
    expect(login.headers.get('referrer-policy')).toBe('same-origin');
    expect(login.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(login.headers.get('cache-control')).toBe('no-store');
    expect(login.headers.getSetCookie().find((c) => c.startsWith('caunoi_console_pre='))).toMatch(/; Secure/);
    const res = await client.post('/console/login', { username: ADMIN.username, password: ADMIN.password });
    expect(res.headers.getSetCookie().find((c) => c.startsWith('caunoi_console='))).toMatch(/HttpOnly; SameSite=Lax; Secure/);
    for (const path of ['/console/queue', '/console/static/console.js', '/console/nothing-here']) {
      const page = await client.get(path);
      expect(page.headers.get('content-security-policy'), path).toBe(csp);
      expect(page.headers.get('strict-transport-security'), path).not.toBeNull();
    }
    expect((await client.get('/console/nothing-here')).status).toBe(404);
  });

  it('when one address keeps posting the sign-in form, then past the per-minute limit it gets 429 with Retry-After', async () => {
    const client = new ConsoleClient(t.url);
    await client.get('/console/login');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await client.post('/console/login', { username: 'ai-do', password: 'doan-mat-khau' })).status);
    // The first test of this file signed in once from here already.
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses.slice(3)).toEqual([429, 429]);
    const limited = await client.post('/console/login', { username: ADMIN.username, password: ADMIN.password });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.text).toContain('Quá nhiều lần đăng nhập từ địa chỉ này');
    expect(client.cookies.has('caunoi_console')).toBe(false);
  });

  it('when a page loads its scripts and stylesheet, then the console serves them itself with their types, and nothing else', async () => {
    const client = new ConsoleClient(t.url);
    for (const [file, type] of [
      ['console.js', 'text/javascript'],
      ['ticket.js', 'text/javascript'],
      ['takeover.js', 'text/javascript'],
      ['console.css', 'text/css'],
    ]) {
      const res = await client.get(`/console/static/${file}`);
      expect(res.status, file).toBe(200);
      expect(res.headers.get('content-type'), file).toContain(type!);
    }
    expect((await client.get('/console/static/..%2Findex.ts')).status).toBe(404);
    expect((await client.get('/console/static/missing.js')).status).toBe(404);
  });
});
