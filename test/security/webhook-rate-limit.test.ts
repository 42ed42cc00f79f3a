import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedZaloRequest, zaloTextEvent } from '../fakes/zalo/server.js';
import { InboxRecordModel } from '../../src/db/models/inbox-record.js';
import { createApp } from '../../src/http/app.js';
import type { RunningService } from '../../src/service.js';
import { dropTestDatabase, testDatabaseUri } from '../support/database.js';
import { startEchoService, startFakes, type Fakes } from '../reliability/support/platforms.js';

const PER_MINUTE = 30;
const uri = testDatabaseUri('webhook_rate');
let fakes: Fakes;
let service: RunningService;
/** The rate limit's clock: real time plus what the test moved it on by. */
let movedOnMs = 0;

beforeAll(async () => {
  fakes = await startFakes();
  service = await startEchoService(uri, fakes, { WEBHOOK_RATE_PER_MIN: String(PER_MINUTE) }, { rateLimitClock: () => Date.now() + movedOnMs });
});

afterAll(async () => {
  await service?.stop();
  await fakes?.close();
  await dropTestDatabase(uri);
});

interface Answer {
  status: number;
  retryAfter?: string;
  body: string;
}

/** One POST from a chosen local address (all of 127.0.0.0/8 reaches the loopback server). */
function postFrom(url: string, localAddress: string, body: Buffer | string, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', localAddress, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'], body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const signed = (userId: string) => {
  const event = zaloTextEvent({ userId, text: 'Xin chào' });
  return { ...signedZaloRequest(event), msgId: event.message!.msg_id! };
};

describe('rate limit on the webhooks', () => {
  it('when one address sends more than the limit, then the extra requests get 429 with Retry-After, other addresses and health checks are unaffected, and a refused event is accepted once it is redelivered later', async () => {
    const zalo = `${service.url}/webhooks/zalo`;
    const statuses: number[] = [];
    for (let i = 0; i < PER_MINUTE + 10; i += 1) {
      statuses.push((await postFrom(zalo, '127.0.0.1', '{"event_name":"user_send_text"}', { 'content-type': 'application/json' })).status);
    }
    expect(statuses.slice(0, PER_MINUTE).every((s) => s === 400 || s === 401)).toBe(true);
    expect(statuses.slice(PER_MINUTE)).toEqual(Array(10).fill(429));

    // A real event from the limited address is refused, not stored: the platform will deliver it again.
    const event = signed('8400000000000000555');
    const refused = await postFrom(zalo, '127.0.0.1', event.rawBody, event.headers);
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect(JSON.parse(refused.body)).toMatchObject({ error: 'rate_limited' });
    expect(await InboxRecordModel.countDocuments({ eventId: event.msgId })).toBe(0);

    // A forwarded-for header is not trusted outside production: it does not buy a new bucket.
    expect((await postFrom(zalo, '127.0.0.1', event.rawBody, { ...event.headers, 'x-forwarded-for': '203.0.113.9' })).status).toBe(429);

    // Another source, and the health checks, still go through.
    const other = signed('8400000000000000556');
    expect((await postFrom(zalo, '127.0.0.2', other.rawBody, other.headers)).status).toBe(200);
    expect(await InboxRecordModel.countDocuments({ eventId: other.msgId })).toBe(1);
    expect((await fetch(`${service.url}/healthz`)).status).toBe(200);

    // The bucket refills at PER_MINUTE/60 per second: the redelivery a little later is stored once.
    movedOnMs += Math.ceil(60_000 / PER_MINUTE) + 300;
    expect((await postFrom(zalo, '127.0.0.1', event.rawBody, event.headers)).status).toBe(200);
    expect(await InboxRecordModel.countDocuments({ eventId: event.msgId })).toBe(1);
    console.log(
      `[webhook rate limit] limit=${PER_MINUTE}/min sent=${statuses.length} allowed=${statuses.filter((s) => s !== 429).length} refused=${statuses.filter((s) => s === 429).length} otherAddressAllowed=1 redeliveredAfterRefill=1`,
    );
  });

  it('when the service runs behind its proxy in production, then each forwarded client address has its own bucket', async () => {
    const app = createApp({
      webhooks: [],
      routers: [],
      webhookBodyLimitBytes: 10_000,
      webhookRatePerMinute: 3,
      onInboundStored: () => {},
      reorderWindowMs: 0,
      trustProxy: ['loopback', 'linklocal', 'uniquelocal'],
    });
    const server: Server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/zalo`;
      const from = async (client: string) => (await postFrom(url, '127.0.0.1', '{}', { 'content-type': 'application/json', 'x-forwarded-for': client })).status;
      const first = [await from('198.51.100.1'), await from('198.51.100.1'), await from('198.51.100.1'), await from('198.51.100.1')];
      // No Zalo webhook is mounted on this bare app: an allowed request falls through to 404.
      expect(first).toEqual([404, 404, 404, 429]);
      expect(await from('198.51.100.2')).toBe(404);
      // A client cannot pick its own address: the proxy appends the real one, and that is what counts.
      expect(await from('10.0.0.1, 198.51.100.1')).toBe(429);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
