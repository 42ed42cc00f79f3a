import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InboxRecordModel } from '../../../src/db/models/inbox-record.js';
import { WebChatMessageModel } from '../../../src/db/models/webchat-message.js';
import type { RunningService } from '../../../src/service.js';
import { useTestDatabase } from '../../support/database.js';
import { newVisitor, startWebChatService, stopWebChatService, type TestVisitor } from './start-webchat.js';

const db = useTestDatabase('webchat_bad_input');
let service: RunningService;
let visitor: TestVisitor;
const MAX_CHARS = 100;

beforeAll(async () => {
  service = await startWebChatService(db.uri, { CHAT_MESSAGE_MAX_CHARS: String(MAX_CHARS) }, { visitorMessagesPerMinute: 5, visitorsPerMinute: 100 });
  visitor = await newVisitor(service.url);
});
afterAll(async () => {
  await stopWebChatService(service, db.uri);
});

function send(body: string | Buffer, contentType = 'application/json', as: TestVisitor = visitor): Promise<Response> {
  return fetch(`${service.url}/chat/api/messages`, {
    method: 'POST',
    headers: { 'Content-Type': contentType, ...as.auth },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
}

async function storedCount(): Promise<{ inbox: number; feed: number }> {
  return { inbox: await InboxRecordModel.countDocuments({}), feed: await WebChatMessageModel.countDocuments({}) };
}

const ok = () => ({ clientMessageId: randomUUID(), text: 'Xin chào' });

describe('web chat bad input', () => {
  const cases: { name: string; body: () => string | Buffer; contentType?: string; status: number; error: string }[] = [
    { name: 'malformed JSON', body: () => '{"visitorId":', status: 400, error: 'body_malformed' },
    {
      name: 'a form post',
      body: () => 'visitorId=x&text=hi',
      contentType: 'application/x-www-form-urlencoded',
      status: 415,
      error: 'content_type_unsupported',
    },
    { name: 'plain text', body: () => JSON.stringify(ok()), contentType: 'text/plain', status: 415, error: 'content_type_unsupported' },
    {
      name: 'JSON in another charset',
      body: () => JSON.stringify(ok()),
      contentType: 'application/json; charset=iso-8859-1',
      status: 415,
      error: 'content_type_unsupported',
    },
    {
      name: 'an operator as clientMessageId',
      body: () => JSON.stringify({ ...ok(), clientMessageId: { $ne: null } }),
      status: 400,
      error: 'client_message_id_invalid',
    },
    { name: 'an object as text', body: () => JSON.stringify({ ...ok(), text: { $where: 'sleep(1000)' } }), status: 400, error: 'text_invalid' },
    { name: 'an array as payload', body: () => JSON.stringify({ ...ok(), payload: ['MENU'] }), status: 400, error: 'payload_invalid' },
    { name: 'a JSON array', body: () => JSON.stringify([ok()]), status: 400, error: 'body_not_object' },
    { name: 'text over the limit', body: () => JSON.stringify({ ...ok(), text: 'ệ'.repeat(MAX_CHARS + 1) }), status: 413, error: 'message_too_long' },
    { name: 'a body far over the size limit', body: () => JSON.stringify({ ...ok(), text: 'a'.repeat(2_000_000) }), status: 413, error: 'body_too_large' },
    { name: 'only control characters', body: () => JSON.stringify({ ...ok(), text: '\u0000\u0007\u202e ' }), status: 400, error: 'message_empty' },
    { name: 'deep nesting', body: () => `{"x":${'['.repeat(3_000)}${']'.repeat(3_000)}}`, status: 400, error: 'client_message_id_invalid' },
    {
      name: 'invalid UTF-8',
      body: () => Buffer.concat([Buffer.from(`{"clientMessageId":"${randomUUID()}","text":"Xin ch`), Buffer.from([0xc3, 0x28]), Buffer.from('o"}')]),
      status: 400,
      error: 'body_not_utf8',
    },
  ];

  for (const c of cases) {
    it(`when a visitor sends ${c.name}, then the answer is ${c.status} ${c.error} and nothing is stored`, async () => {
      const before = await storedCount();
      const res = await send(c.body(), c.contentType);
      expect(res.status).toBe(c.status);
      expect(res.headers.get('content-type')).toContain('application/json');
      const body = (await res.json()) as { error: string; message: string };
      expect(body.error).toBe(c.error);
      expect(body.message.length).toBeGreaterThan(10);
      expect(await storedCount()).toEqual(before);
    });
  }

  it('when a message has control characters, then they are removed and the rest is kept in NFC', async () => {
    const clientMessageId = randomUUID();
    // "Hỏi" typed with a combining hook above, plus NUL, BEL and a right-to-left override.
    const res = await send(JSON.stringify({ clientMessageId, text: 'Ho\u0309i\u0000 đáp\u0007\u202e\r\ndòng 2' }));
    expect(res.status).toBe(202);
    const stored = await InboxRecordModel.findOne({ eventId: clientMessageId }).lean();
    expect((stored?.event as { text: string }).text).toBe('Hỏi đáp\ndòng 2');
  });

  it('when the feed is read with a cursor that is no whole number, then the answer is 400', async () => {
    for (const query of ['after=1&after=2', 'after=abc', 'after=-1', 'after=1e3']) {
      const res = await fetch(`${service.url}/chat/api/messages?${query}`, { headers: visitor.auth });
      expect(res.status, query).toBe(400);
      const stream = await fetch(`${service.url}/chat/api/stream?${query}`, { headers: visitor.auth });
      expect(stream.status, query).toBe(400);
      expect(stream.headers.get('content-type')).toContain('application/json');
    }
  });

  it('when the credential is missing, malformed, an operator or the wrong secret, then every API call is 401 and nothing is stored', async () => {
    const other = await newVisitor(service.url);
    const wrongSecret = `Bearer ${visitor.visitorId}.${other.secret}`;
    await service.inboxWorker.idle();
    await service.outboxWorker.idle();
    const before = await storedCount();
    for (const authorization of [
      undefined,
      'Bearer',
      `Bearer ${visitor.visitorId}`,
      `Bearer ${visitor.visitorId}.`,
      wrongSecret,
      `Bearer {"$gt":""}.${visitor.secret}`,
      `Basic ${visitor.visitorId}.${visitor.secret}`,
    ]) {
      const headers: Record<string, string> = authorization ? { Authorization: authorization } : {};
      const answers = [
        await fetch(`${service.url}/chat/api/messages?after=0`, { headers }),
        await fetch(`${service.url}/chat/api/stream?after=0`, { headers }),
        await fetch(`${service.url}/chat/api/messages`, {
          method: 'POST',
          headers: { ...headers, 'Content-Type': 'application/json' },
          body: JSON.stringify(ok()),
        }),
        await fetch(`${service.url}/chat/api/language`, {
          method: 'POST',
          headers: { ...headers, 'Content-Type': 'application/json' },
          body: JSON.stringify({ language: 'en' }),
        }),
      ];
      expect(
        answers.map((r) => r.status),
        String(authorization),
      ).toEqual([401, 401, 401, 401]);
      expect(((await answers[0]!.json()) as { error: string }).error).toBe('visitor_unknown');
    }
    expect(await storedCount()).toEqual(before);
  });

  it('when a visitor sends faster than allowed, then the extra message gets 429 with Retry-After and is not stored', async () => {
    const fast = await newVisitor(service.url);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1)
      statuses.push((await send(JSON.stringify({ clientMessageId: randomUUID(), text: `tin ${i}` }), 'application/json', fast)).status);
    expect(statuses).toEqual([202, 202, 202, 202, 202]);
    const refusedId = randomUUID();
    const refused = await send(JSON.stringify({ clientMessageId: refusedId, text: 'tin 6' }), 'application/json', fast);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await refused.json()) as { error: string }).error).toBe('rate_limited');
    expect(await InboxRecordModel.countDocuments({ eventId: refusedId })).toBe(0);
    // Another visitor is not held back by this one.
    expect((await send(JSON.stringify({ clientMessageId: randomUUID(), text: 'chào' }), 'application/json', await newVisitor(service.url))).status).toBe(202);
  });
});
