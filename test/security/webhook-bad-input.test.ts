import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChannelParts } from '../../src/channels/build.js';
import { buildPostbackItem, buildTextItem, buildWebhookBody, FAKE_PAGE_ID, signMessengerBody } from '../fakes/messenger/server.js';
import { FAKE_ZALO_APP_ID, FAKE_ZALO_OA_SECRET_KEY, signZaloBody, zaloFollowEvent, zaloImageEvent, zaloTextEvent } from '../fakes/zalo/server.js';
import { ContactModel } from '../../src/db/models/contact.js';
import { InboxRecordModel } from '../../src/db/models/inbox-record.js';
import { OutboxRecordModel } from '../../src/db/models/outbox-message.js';
import type { RunningService } from '../../src/service.js';
import { dropTestDatabase, testDatabaseUri } from '../support/database.js';
import { waitUntil } from '../support/recording-channel.js';
import { startTestService } from '../support/service.js';
import { platformEnv, startFakes, type Fakes } from '../reliability/support/platforms.js';

const BODY_LIMIT = 200_000;
const uri = testDatabaseUri('webhook_abuse');
let fakes: Fakes;
let service: RunningService;

beforeAll(async () => {
  fakes = await startFakes();
  // The project's own flows: they are what reads the fields.
  service = await startTestService({
    mongodbUri: uri,
    env: { ...platformEnv(fakes), WEBHOOK_BODY_LIMIT_BYTES: String(BODY_LIMIT) },
    channels: buildChannelParts,
  });
});

afterAll(async () => {
  await service?.stop();
  await fakes?.close();
  await dropTestDatabase(uri);
});

type Json = Record<string, unknown>;
interface Sent {
  status: number;
  text: string;
  contentType: string | null;
}

async function post(path: string, raw: Buffer | string, headers: Record<string, string>): Promise<Sent> {
  const res = await fetch(`${service.url}${path}`, {
    method: 'POST',
    headers,
    body: typeof raw === 'string' ? raw : new Uint8Array(raw),
    signal: AbortSignal.timeout(15_000),
  });
  return { status: res.status, text: await res.text(), contentType: res.headers.get('content-type') };
}

/** Signs the exact bytes as Zalo does, with app_id and timestamp as the body claims them (or given). */
function zaloRequest(
  body: Json | Buffer | string,
  claims: { appId?: string; timestamp?: string; key?: string } = {},
): { raw: Buffer; headers: Record<string, string> } {
  const raw = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8');
  const parsed = Buffer.isBuffer(body) || typeof body === 'string' ? {} : body;
  const appId = claims.appId ?? (typeof parsed.app_id === 'string' ? parsed.app_id : FAKE_ZALO_APP_ID);
  const timestamp = claims.timestamp ?? (typeof parsed.timestamp === 'string' ? parsed.timestamp : String(Date.now()));
  return {
    raw,
    headers: { 'content-type': 'application/json', 'x-zevent-signature': signZaloBody(raw, appId, timestamp, claims.key ?? FAKE_ZALO_OA_SECRET_KEY) },
  };
}

function messengerRequest(body: Json | Buffer | string, secret = fakes.graph.appSecret): { raw: Buffer; headers: Record<string, string> } {
  const raw = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8');
  return { raw, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signMessengerBody(raw, secret) } };
}

const zaloUser = () => `84${randomBytes(8).readBigUInt64BE().toString().padStart(17, '0').slice(0, 17)}`;
const psid = () => `71${randomBytes(8).readBigUInt64BE().toString().padStart(14, '0').slice(0, 14)}`;
/** A Zalo text event; `o` replaces top-level fields, `o.text` the message text. */
const text = ({ text: said, ...o }: Json) => ({
  ...(zaloTextEvent({ userId: zaloUser(), text: typeof said === 'string' ? said : 'Xin chào' }) as unknown as Json),
  ...o,
});
/** A Zalo text event with one field replaced (dotted path); `undefined` removes it. */
function zaloWith(path: string, value: unknown): Json {
  const event = structuredClone(text({}));
  const keys = path.split('.');
  let target = event;
  for (const k of keys.slice(0, -1)) target = target[k] as Json;
  if (value === undefined) delete target[keys.at(-1)!];
  else target[keys.at(-1)!] = value;
  return event;
}
/** A Messenger text item with one field replaced (dotted path inside the item); `undefined` removes it. */
function messengerWith(path: string, value: unknown, item: Json = buildTextItem({ psid: psid(), text: 'Xin chào' }) as unknown as Json): Json {
  const copy = structuredClone(item);
  const keys = path.split('.');
  let target = copy;
  for (const k of keys.slice(0, -1)) target = target[k] as Json;
  if (value === undefined) delete target[keys.at(-1)!];
  else target[keys.at(-1)!] = value;
  return buildWebhookBody([copy as never]) as unknown as Json;
}
function deep(levels: number): unknown {
  let v: unknown = 'đáy';
  for (let i = 0; i < levels; i += 1) v = { d: v };
  return v;
}
function deepJson(levels: number): string {
  return `${'{"d":'.repeat(levels)}"đáy"${'}'.repeat(levels)}`;
}

/** The app_id and timestamp a Zalo event claims, for signing a body built as text. */
const claimsOf = (e: Json) => ({ appId: e.app_id as string, timestamp: e.timestamp as string });

const counts = async () => ({ inbox: await InboxRecordModel.countDocuments({}), contacts: await ContactModel.countDocuments({}) });

/** A valid message from a known person: proves the webhook and the bot still work after a bad request. */
const canaries: string[] = [];
async function canaryAccepted(): Promise<void> {
  const msgId = randomBytes(10).toString('hex');
  const { raw, headers } = zaloRequest(zaloTextEvent({ userId: '8400000000000000777', text: 'Xin chào', msgId }) as unknown as Json);
  const res = await post('/webhooks/zalo', raw, headers);
  expect(res.status).toBe(200);
  canaries.push(msgId);
  expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
}

interface Case {
  name: string;
  path: '/webhooks/zalo' | '/webhooks/messenger';
  request: () => { raw: Buffer | string; headers: Record<string, string> };
  status: number;
  /** Inbound events this request may store. */
  stores: number;
  /** Text the answer must contain (a clear reason). */
  says?: RegExp;
}

const z = '/webhooks/zalo' as const;
const m = '/webhooks/messenger' as const;
const invalidUtf8 = (prefix: string, suffix: string) =>
  Buffer.concat([Buffer.from(prefix, 'utf8'), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]), Buffer.from(suffix, 'utf8')]);

const cases: Case[] = [
  // Size and encoding.
  {
    name: 'a body over the size limit',
    path: z,
    request: () => zaloRequest(text({ text: 'a'.repeat(BODY_LIMIT) })),
    status: 413,
    stores: 0,
    says: /body_too_large/,
  },
  {
    name: 'a Messenger body over the size limit',
    path: m,
    request: () => messengerRequest(buildWebhookBody([buildTextItem({ psid: psid(), text: 'b'.repeat(BODY_LIMIT) })]) as unknown as Json),
    status: 413,
    stores: 0,
    says: /body_too_large/,
  },
  {
    name: 'a gzip body that inflates past the limit',
    path: z,
    request: () => ({ raw: gzipSync(Buffer.alloc(20_000_000, 32)), headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } }),
    status: 413,
    stores: 0,
  },
  {
    name: 'an unknown content encoding',
    path: m,
    request: () => ({ raw: 'xx', headers: { 'content-type': 'application/json', 'content-encoding': 'snappy' } }),
    status: 400,
    stores: 0,
  },
  // Not JSON, or the wrong content type.
  {
    name: 'malformed JSON, correctly signed',
    path: z,
    request: () => zaloRequest('{"event_name":"user_send_text","app_id":'),
    status: 400,
    stores: 0,
    says: /malformed/,
  },
  { name: 'malformed JSON to Messenger, correctly signed', path: m, request: () => messengerRequest('{"object":"page","entry":['), status: 400, stores: 0 },
  {
    name: 'a form post',
    path: z,
    request: () => ({ raw: 'event_name=user_send_text&text=hi', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
    status: 400,
    stores: 0,
  },
  {
    name: 'a multipart post without signature',
    path: m,
    request: () => ({
      raw: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
    }),
    status: 401,
    stores: 0,
  },
  { name: 'a JSON array', path: z, request: () => zaloRequest('[1,2,3]'), status: 400, stores: 0 },
  // Signatures.
  {
    name: 'no signature',
    path: z,
    request: () => ({ raw: JSON.stringify(text({})), headers: { 'content-type': 'application/json' } }),
    status: 401,
    stores: 0,
  },
  { name: 'a signature made with another key', path: z, request: () => zaloRequest(text({}), { key: 'not-the-oa-secret' }), status: 401, stores: 0 },
  {
    name: 'the signature of another body',
    path: z,
    request: () => ({ raw: JSON.stringify(text({ text: 'sửa' })), headers: zaloRequest(text({})).headers }),
    status: 401,
    stores: 0,
  },
  { name: 'a signature over another timestamp', path: z, request: () => zaloRequest(text({}), { timestamp: '1700000000000' }), status: 401, stores: 0 },
  { name: 'an event of another app, correctly signed', path: z, request: () => zaloRequest(text({ app_id: '1111111111111111111' })), status: 401, stores: 0 },
  {
    name: 'no Messenger signature',
    path: m,
    request: () => ({ raw: JSON.stringify(messengerWith('timestamp', Date.now())), headers: { 'content-type': 'application/json' } }),
    status: 401,
    stores: 0,
  },
  {
    name: 'a forged Messenger signature',
    path: m,
    request: () => messengerRequest(messengerWith('timestamp', Date.now()), 'guessed-secret'),
    status: 401,
    stores: 0,
  },
  {
    name: 'a malformed Messenger signature',
    path: m,
    request: () => ({
      raw: JSON.stringify(messengerWith('timestamp', Date.now())),
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': 'sha256=zz' },
    }),
    status: 401,
    stores: 0,
  },
  // Unknown events and missing fields.
  { name: 'an unknown Zalo event type', path: z, request: () => zaloRequest(text({ event_name: 'user_send_hologram' })), status: 200, stores: 0 },
  {
    name: 'an unknown Messenger item',
    path: m,
    request: () =>
      messengerRequest(
        messengerWith('message', undefined, { sender: { id: psid() }, recipient: { id: FAKE_PAGE_ID }, timestamp: Date.now(), hologram: { x: 1 } }),
      ),
    status: 200,
    stores: 0,
  },
  { name: 'a Messenger body for another product', path: m, request: () => messengerRequest({ object: 'instagram', entry: [] }), status: 200, stores: 0 },
  {
    name: 'a Messenger body whose entry is not a list',
    path: m,
    request: () => messengerRequest({ object: 'page', entry: { id: '1' } }),
    status: 400,
    stores: 0,
  },
  { name: 'a Zalo message without sender', path: z, request: () => zaloRequest(zaloWith('sender', undefined)), status: 400, stores: 0 },
  { name: 'a Zalo message without message', path: z, request: () => zaloRequest(zaloWith('message', undefined)), status: 400, stores: 0 },
  {
    name: 'a Zalo message without timestamp',
    path: z,
    request: () => zaloRequest(zaloWith('timestamp', undefined), { timestamp: '' }),
    status: 400,
    stores: 0,
  },
  { name: 'a Messenger message without sender', path: m, request: () => messengerRequest(messengerWith('sender', undefined)), status: 200, stores: 0 },
  { name: 'a Messenger message without mid', path: m, request: () => messengerRequest(messengerWith('message.mid', undefined)), status: 200, stores: 0 },
  { name: 'a Messenger message without timestamp', path: m, request: () => messengerRequest(messengerWith('timestamp', undefined)), status: 200, stores: 0 },
  // MongoDB operators in every field that reaches a query or a stored key.
  ...(['sender.id', 'message.msg_id', 'message.text', 'app_id', 'event_name', 'timestamp', 'recipient'] as const).map((field): Case => ({
    // `recipient` is not read: the event is kept, the operator only as inert data.
    name: `an operator as Zalo ${field}`,
    path: z,
    request: () => zaloRequest(zaloWith(field, { $gt: '' })),
    status: field === 'recipient' ? 200 : 400,
    stores: field === 'recipient' ? 1 : 0,
  })),
  {
    name: 'an operator as a Zalo attachment URL',
    path: z,
    request: () => zaloRequest(zaloImageEvent({ userId: zaloUser(), url: { $ne: null } as unknown as string }) as unknown as Json),
    status: 400,
    stores: 0,
  },
  {
    name: 'an operator as a Zalo follower id',
    path: z,
    request: () => zaloRequest({ ...(zaloFollowEvent({ userId: zaloUser() }) as unknown as Json), follower: { id: { $gt: '' } } }),
    status: 400,
    stores: 0,
  },
  ...(['sender.id', 'message.mid', 'message.text', 'timestamp'] as const).map((field): Case => ({
    name: `an operator as Messenger ${field}`,
    path: m,
    request: () => messengerRequest(messengerWith(field, { $gt: '' })),
    status: 200,
    stores: 0,
  })),
  {
    name: 'an operator as a quick-reply payload',
    path: m,
    request: () => messengerRequest(messengerWith('message.quick_reply', { payload: { $ne: null } })),
    status: 200,
    stores: 0,
  },
  {
    name: 'an operator as a postback payload',
    path: m,
    request: () => messengerRequest(messengerWith('postback.payload', { $gt: '' }, buildPostbackItem({ psid: psid(), payload: 'MENU' }) as unknown as Json)),
    status: 200,
    stores: 0,
  },
  {
    name: 'operator-looking keys and dotted keys in fields nobody reads',
    path: z,
    request: () => zaloRequest(zaloWith('message.$where', 'sleep(5000)')),
    status: 200,
    stores: 1,
  },
  {
    name: 'a dotted key and an operator key in a Messenger item',
    path: m,
    request: () =>
      messengerRequest(buildWebhookBody([{ ...buildTextItem({ psid: psid(), text: 'chấm' }), 'x.y': { $set: { a: 1 } } } as never]) as unknown as Json),
    status: 200,
    stores: 1,
  },
  // Huge strings and deep nesting in the fields the bot reads.
  { name: 'a huge text', path: z, request: () => zaloRequest(text({ text: 'Thủ tục công bố hợp quy '.repeat(6_000) })), status: 200, stores: 1 },
  {
    name: 'a huge Messenger text',
    path: m,
    request: () => messengerRequest(messengerWith('message.text', 'đo lường '.repeat(15_000))),
    status: 200,
    stores: 1,
  },
  { name: 'a huge sender id', path: z, request: () => zaloRequest(zaloWith('sender.id', '9'.repeat(50_000))), status: 400, stores: 0 },
  { name: 'a huge message id', path: m, request: () => messengerRequest(messengerWith('message.mid', `m_${'x'.repeat(50_000)}`)), status: 200, stores: 0 },
  {
    name: 'a huge postback payload',
    path: m,
    request: () =>
      messengerRequest(
        messengerWith('postback.payload', `TOPIC:${'x'.repeat(100_000)}`, buildPostbackItem({ psid: psid(), payload: 'MENU' }) as unknown as Json),
      ),
    status: 200,
    stores: 1,
  },
  // One event for body and claims: two would differ in their timestamp when the clock ticks between them.
  {
    name: 'deep nesting in the text field',
    path: z,
    request: () => {
      const e = zaloWith('message.text', '@@');
      return zaloRequest(JSON.stringify(e).replace('"@@"', deepJson(5_000)), claimsOf(e));
    },
    status: 400,
    stores: 0,
  },
  {
    name: 'deep nesting in an attachment payload',
    path: z,
    request: () => zaloRequest(zaloWith('message.attachments', [{ type: 'image', payload: { url: 'https://x.vn/a.png', extra: deep(2_000) } }])),
    status: 200,
    stores: 1,
  },
  { name: 'deep nesting beside the message', path: m, request: () => messengerRequest(messengerWith('message.extra', deep(2_000))), status: 200, stores: 1 },
  {
    name: 'nesting thousands of levels deep beside the message',
    path: z,
    request: () => {
      const e = zaloWith('message.extra', 0);
      return zaloRequest(JSON.stringify(e).replace('"extra":0', `"extra":${deepJson(25_000)}`), claimsOf(e));
    },
    status: 200,
    stores: 1,
  },
  // Control characters and invalid UTF-8.
  {
    name: 'control characters in the text',
    path: z,
    request: () => zaloRequest(text({ text: 'a\u0000b\u0007c\u001bd\u202ee\u200bf\ud800g\ufeff' })),
    status: 200,
    stores: 1,
  },
  {
    name: 'control characters in a Messenger postback',
    path: m,
    request: () =>
      messengerRequest(messengerWith('postback.payload', 'MENU\u0000\u0008', buildPostbackItem({ psid: psid(), payload: 'MENU' }) as unknown as Json)),
    status: 200,
    stores: 1,
  },
  {
    name: 'invalid UTF-8 bytes in the text, signed as sent',
    path: z,
    request: () => {
      const e = text({ text: '@@' });
      const [a, b] = JSON.stringify(e).split('@@') as [string, string];
      return zaloRequest(invalidUtf8(a, b), claimsOf(e));
    },
    status: 200,
    stores: 1,
  },
  {
    name: 'invalid UTF-8 bytes in a Messenger text',
    path: m,
    request: () => {
      const [a, b] = JSON.stringify(messengerWith('message.text', '@@')).split('@@') as [string, string];
      return messengerRequest(invalidUtf8(a, b));
    },
    status: 200,
    stores: 1,
  },
];

describe('bad input on the webhooks', () => {
  for (const c of cases) {
    it(`when a webhook gets ${c.name}, then it answers ${c.status}, stores ${c.stores === 0 ? 'nothing' : 'it once'} and keeps serving`, async () => {
      const before = await counts();
      const { raw, headers } = c.request();
      const res = await post(c.path, raw, headers);
      expect(res.status, res.text.slice(0, 300)).toBe(c.status);
      if (c.says) expect(res.text).toMatch(c.says);
      if (res.status >= 400) expect(res.text.length).toBeGreaterThan(0);
      const after = await counts();
      expect(after.inbox - before.inbox).toBe(c.stores);
      // Contacts come only from turns of stored events, never from a refused request.
      if (c.stores === 0) {
        await service.inboxWorker.idle(20_000);
        expect(await ContactModel.countDocuments({ key: { $regex: '\\$|\\{' } })).toBe(0);
      }
      await canaryAccepted();
    }, 30_000);
  }

  it('when a correctly signed delivery is replayed, then it is acknowledged each time and handled once', async () => {
    for (const [path, request, eventId] of [
      (() => {
        const e = text({});
        return [z, zaloRequest(e), (e.message as Json).msg_id as string] as const;
      })(),
      (() => {
        const mid = `m_${randomBytes(8).toString('hex')}`;
        return [m, messengerRequest(messengerWith('message.mid', mid)), mid] as const;
      })(),
    ]) {
      const answers = [];
      for (let i = 0; i < 3; i += 1) answers.push((await post(path, request.raw, request.headers)).status);
      expect(answers).toEqual([200, 200, 200]);
      const stored = await InboxRecordModel.find({ eventId }).lean();
      expect(stored).toHaveLength(1);
      await waitUntil(async () => (await InboxRecordModel.findById(stored[0]!._id).lean())?.status === 'done', 20_000, 'the turn');
      const id = String(stored[0]!._id);
      const replies = await OutboxRecordModel.find({ key: { $regex: `^in:${id}#` } }).lean();
      expect(replies.length).toBeGreaterThan(0);
      console.log(`[replay] ${path}: deliveries=3 stored=1 turns=1 replies=${replies.length}`);
    }
  });

  it('when the bad input is over, then every stored event was handled, none parked as dead, and every canary answered', async () => {
    await service.inboxWorker.idle(30_000);
    await service.outboxWorker.idle(30_000);
    const inbox = await InboxRecordModel.find({}, { status: 1, eventId: 1, lastError: 1 }).lean();
    expect(inbox.filter((e) => e.status !== 'done').map((e) => ({ eventId: e.eventId.slice(0, 30), status: e.status, lastError: e.lastError }))).toEqual([]);
    const failed = await OutboxRecordModel.find({ status: { $ne: 'sent' } }, { status: 1, outcome: 1, key: 1 }).lean();
    expect(failed.map((f) => ({ key: f.key, status: f.status, outcome: f.outcome }))).toEqual([]);
    const canaryIds = (await InboxRecordModel.find({ eventId: { $in: canaries } }, { _id: 1 }).lean()).map((e) => String(e._id));
    expect(canaryIds).toHaveLength(canaries.length);
    const answered = await OutboxRecordModel.distinct('key', { key: { $regex: '^in:' }, status: 'sent' });
    const answeredEvents = new Set(answered.map((k) => k.slice(3, k.indexOf('#'))));
    expect(canaryIds.filter((id) => !answeredEvents.has(id))).toEqual([]);
    console.log(`[bad input] cases=${cases.length} stored=${inbox.length} dead=0 canaries=${canaries.length} canariesAnswered=${canaryIds.length}`);
  }, 90_000);
});
