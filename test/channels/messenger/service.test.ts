import mongoose from 'mongoose';
import type { Botkit } from 'botkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connectDatabase, disconnectDatabase } from '../../../src/db/connect.js';
import { InboxRecordModel } from '../../../src/db/models/inbox-record.js';
import { OutboxRecordModel } from '../../../src/db/models/outbox-message.js';
import { createMessengerChannel } from '../../../src/channels/messenger/index.js';
import {
  buildPostbackItem,
  buildQuickReplyItem,
  buildSignedRequest,
  buildTextItem,
  buildWebhookBody,
  startFakeGraph,
  type FakeGraph,
} from '../../fakes/messenger/server.js';
import type { RunningService } from '../../../src/service.js';
import { startTestService } from '../../support/service.js';
import { testDatabaseUri } from '../../support/database.js';
import { waitUntil } from '../../support/recording-channel.js';

const appSecret = 'e2e-app-secret-51ab';
const verifyToken = 'e2e-verify-token';
const uri = testDatabaseUri('messenger_e2e');
let graph: FakeGraph;
let service: RunningService;

/** Test flows: every message is acknowledged with what the bot understood. */
function echoFlows(controller: Botkit): void {
  controller.on('message', async (bot, message) => {
    await bot.reply(message, `Đã nhận: ${message.text}`);
  });
}

beforeAll(async () => {
  graph = await startFakeGraph({ appSecret, accessToken: 'EAAGe2ePageToken' });
  service = await startTestService({
    mongodbUri: uri,
    env: {
      FB_APP_SECRET: appSecret,
      FB_PAGE_ACCESS_TOKEN: graph.accessToken,
      FB_VERIFY_TOKEN: verifyToken,
      FB_GRAPH_URL: graph.url,
      FB_GRAPH_VERSION: graph.version,
    },
    channels: (c) => [createMessengerChannel(c.messenger!, { sendTimeoutMs: c.outbox.sendTimeoutMs })],
    registerFlows: echoFlows,
  });
});

afterAll(async () => {
  await service?.stop();
  await graph?.close();
  await connectDatabase(uri);
  await mongoose.connection.dropDatabase();
  await disconnectDatabase();
});

beforeEach(() => graph.reset());

async function postWebhook(body: unknown, options: Parameters<typeof buildSignedRequest>[2] = {}): Promise<{ status: number; text: string }> {
  const req = buildSignedRequest(body, appSecret, options);
  const res = await fetch(`${service.url}/webhooks/messenger`, {
    method: 'POST',
    headers: req.headers as Record<string, string>,
    body: new Uint8Array(req.rawBody),
  });
  return { status: res.status, text: await res.text() };
}

const textsTo = (psid: string) => graph.sent.filter((s) => s.recipientId === psid).map((s) => (s.message && 'text' in s.message ? s.message.text : ''));

describe('Messenger channel through the running service', () => {
  it('when Meta verifies the callback URL, then the challenge comes back only for the right token', async () => {
    const ok = await fetch(`${service.url}/webhooks/messenger?hub.mode=subscribe&hub.verify_token=${verifyToken}&hub.challenge=987654321`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('987654321');
    const wrong = await fetch(`${service.url}/webhooks/messenger?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=987654321`);
    expect(wrong.status).toBe(403);
  });

  it('when a batch from three people arrives, then each person gets their own answer as RESPONSE, and a redelivery adds none', async () => {
    const t0 = Date.now();
    const body = buildWebhookBody([
      buildTextItem({ psid: '7100000000000001', text: 'Hồ sơ công bố hợp quy gồm gì?', timestamp: t0 }),
      buildTextItem({ psid: '7100000000000002', text: 'Đăng ký sở hữu trí tuệ', timestamp: t0 + 1 }),
      buildQuickReplyItem({ psid: '7100000000000003', title: 'Đo lường', payload: 'TOPIC_MEASUREMENT', timestamp: t0 + 2 }),
    ]);
    const first = await postWebhook(body);
    expect(first).toEqual({ status: 200, text: 'EVENT_RECEIVED' });
    await waitUntil(() => graph.sent.length >= 3, 10_000, 'three replies');
    expect(textsTo('7100000000000001')).toEqual(['Đã nhận: Hồ sơ công bố hợp quy gồm gì?']);
    expect(textsTo('7100000000000002')).toEqual(['Đã nhận: Đăng ký sở hữu trí tuệ']);
    expect(textsTo('7100000000000003')).toEqual(['Đã nhận: TOPIC_MEASUREMENT']);
    expect(graph.sent.every((s) => s.messaging_type === 'RESPONSE')).toBe(true);

    expect((await postWebhook(body)).status).toBe(200);
    await service.inboxWorker.idle();
    await service.outboxWorker.idle();
    expect(graph.sent).toHaveLength(3);
  });

  it('when a delivery holds a malformed item beside a good one, then the good one is answered and the malformed one is not stored', async () => {
    const good = buildTextItem({ psid: '7100000000000005', text: 'Lệ phí thẩm định?', mid: 'm_good_beside_bad' });
    const bad = { ...buildTextItem({ psid: '7100000000000006', text: 'x', mid: 'm_bad_text' }), message: { mid: 'm_bad_text', text: { $gt: '' } } };
    const body = { object: 'page', entry: [{ id: '1', time: 1, messaging: [bad, good] }] };
    expect(await postWebhook(body)).toEqual({ status: 200, text: 'EVENT_RECEIVED' });
    await waitUntil(() => graph.sent.length >= 1, 10_000, 'the reply to the good item');
    expect(textsTo('7100000000000005')).toEqual(['Đã nhận: Lệ phí thẩm định?']);
    expect(textsTo('7100000000000006')).toEqual([]);
    expect(await InboxRecordModel.countDocuments({ eventId: 'm_bad_text' })).toBe(0);
  });

  it('when the signature is bad, missing or SHA-1 only, then 401 and nothing is stored', async () => {
    const body = buildWebhookBody([buildTextItem({ psid: '7100000000000009', text: 'giả mạo', mid: 'm_forged' })]);
    expect((await postWebhook(body, { signature: 'sha256=' + '0'.repeat(64) })).status).toBe(401);
    expect((await postWebhook(body, { sha1Only: true })).status).toBe(401);
    const unsigned = await fetch(`${service.url}/webhooks/messenger`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(unsigned.status).toBe(401);
    expect(await InboxRecordModel.countDocuments({ eventId: 'm_forged' })).toBe(0);
  });

  it('when the Send API is rate limited once, then the answer still arrives after a retry', async () => {
    graph.rateLimitNext(1, 613);
    expect((await postWebhook(buildWebhookBody([buildPostbackItem({ psid: '7100000000000004', payload: 'GET_STARTED', title: 'Bắt đầu' })]))).status).toBe(200);
    await waitUntil(() => graph.sent.length >= 1, 15_000, 'the retried reply');
    expect(textsTo('7100000000000004')).toEqual(['Đã nhận: GET_STARTED']);
    // The fake records the message before the outbox has written down the successful attempt.
    await waitUntil(
      async () => (await OutboxRecordModel.findOne({ contactKey: 'messenger:7100000000000004' }).lean())?.status === 'sent',
      5_000,
      'sent status',
    );
    const entry = await OutboxRecordModel.findOne({ contactKey: 'messenger:7100000000000004' }).lean();
    expect(entry?.attempts.map((a) => a.ok)).toEqual([false, true]);
    expect(entry?.attempts[0]?.code).toBe('613');
  });
});
