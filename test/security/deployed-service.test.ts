import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestDatabase, testDatabaseUri } from '../support/database.js';
import { startInstance, type Instance } from '../support/instance.js';

const METRICS_TOKEN = 'metrics-token-0123456789';
const uri = testDatabaseUri('deployed');
let app: Instance;

beforeAll(async () => {
  // The production shape of docs/deploy.md: behind a TLS proxy, no channel credentials here.
  app = await startInstance({
    mongodbUri: uri,
    name: 'production',
    env: {
      NODE_ENV: 'production',
      PUBLIC_URL: 'https://chatbot.sokhcn.example.gov.vn',
      CONSOLE_SECURE_COOKIES: 'true',
      METRICS_TOKEN,
      ADMIN_USERNAME: 'quantri',
      ADMIN_PASSWORD: 'mat-khau-du-dai-42',
    },
  });
});

afterAll(async () => {
  const exit = await app?.stop();
  expect(exit?.code).toBe(0);
  await dropTestDatabase(uri);
});

const get = (path: string, init: RequestInit = {}) => fetch(`${app.url}${path}`, { redirect: 'manual', ...init });

describe('the service as deployed (NODE_ENV=production, behind TLS)', () => {
  it('when the console, the web chat and the operator endpoints are asked, then each carries its security headers and refuses what it should', async () => {
    const login = await get('/console/login');
    expect(login.status).toBe(200);
    expect(login.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(login.headers.get('content-security-policy')).not.toMatch(/unsafe-inline/);
    expect(login.headers.get('strict-transport-security')).toMatch(/max-age=\d{7,}/);
    expect(login.headers.get('x-powered-by')).toBeNull();

    const chat = await get('/chat');
    expect(chat.status).toBe(200);
    expect(chat.headers.get('content-security-policy')).toMatch(/frame-ancestors /);
    expect(chat.headers.get('content-security-policy')).toMatch(/script-src 'self'/);

    expect((await get('/metrics')).status).toBe(401);
    expect((await get('/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).status).toBe(200);
    const missing = await get('/nothing-here');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: 'not_found' });
    // A channel without credentials is off: its webhook does not exist.
    expect((await get('/webhooks/zalo', { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it('when the sign-in form and the web chat API get garbage, operators or huge bodies, then they answer 4xx and the process keeps serving', async () => {
    const statuses: Record<string, number> = {};
    const tries: [string, string, RequestInit][] = [
      ['sign-in malformed JSON', '/console/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username":' }],
      [
        'sign-in operators',
        '/console/login',
        { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: { $gt: '' }, password: { $gt: '' } }) },
      ],
      [
        'sign-in form operators',
        '/console/login',
        { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'username[$gt]=&password[$ne]=x' },
      ],
      [
        'sign-in 5 MB body',
        '/console/login',
        { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `username=${'a'.repeat(5_000_000)}` },
      ],
      [
        'chat operators',
        '/chat/api/messages',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ visitorId: { $gt: '' }, clientMessageId: { $ne: null }, text: 'x' }),
        },
      ],
      [
        'chat 5 MB body',
        '/chat/api/messages',
        { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"text":"${'a'.repeat(5_000_000)}"}` },
      ],
      [
        'chat invalid UTF-8',
        '/chat/api/messages',
        { method: 'POST', headers: { 'content-type': 'application/json' }, body: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]) },
      ],
    ];
    for (const [name, path, init] of tries) {
      const res = await get(path, init);
      statuses[name] = res.status;
      expect(res.status, name).toBeGreaterThanOrEqual(400);
      expect(res.status, name).toBeLessThan(500);
      expect(
        res.headers.getSetCookie().some((c) => c.startsWith('caunoi_console=')),
        name,
      ).toBe(false);
      expect((await get('/healthz')).status, `alive after ${name}`).toBe(200);
    }
    console.log(`[deployed bad input] ${JSON.stringify(statuses)}`);
    expect(app.isRunning()).toBe(true);
  });
});
