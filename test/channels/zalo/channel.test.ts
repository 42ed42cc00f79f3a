import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createZaloChannel, type ZaloChannel } from '../../../src/channels/zalo/index.js';
import { postZaloEvent, startFakeZalo, zaloFollowEvent, zaloTextEvent, type FakeZalo } from '../../fakes/zalo/server.js';
import { InboxRecordModel } from '../../../src/db/models/inbox-record.js';
import { createApp } from '../../../src/http/app.js';
import { useTestDatabase } from '../../support/database.js';
import { configFor } from './support.js';

useTestDatabase('zalo_channel');

const USER = '2468458835296197922';

describe('Zalo channel through the HTTP webhook and the fake Zalo', () => {
  let fake: FakeZalo;
  let zalo: ZaloChannel;
  let server: Server;
  let webhookUrl: string;

  beforeAll(async () => {
    fake = await startFakeZalo();
    zalo = createZaloChannel(configFor(fake), { window: { days: 7, freeHours: 48, sendBillable: true }, buttons: 'numbered' });
    const app = createApp({
      webhooks: [{ channel: 'zalo', path: '/webhooks/zalo', handlers: zalo.webhook }],
      routers: [],
      webhookBodyLimitBytes: 1_000_000,
      onInboundStored: () => {},
      reorderWindowMs: 0,
    });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    webhookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/zalo`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await fake.close();
  });

  it('when Zalo delivers the same signed message twice, then it is stored once and both deliveries get 200', async () => {
    const event = zaloTextEvent({ userId: USER, text: 'Cho tôi hỏi về công bố hợp quy sản phẩm' });
    expect(await postZaloEvent(webhookUrl, event)).toEqual({ status: 200, body: 'ok' });
    expect(await postZaloEvent(webhookUrl, event)).toEqual({ status: 200, body: 'ok' });
    const stored = await InboxRecordModel.find({ channel: 'zalo', eventId: event.message!.msg_id }).lean();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ contactKey: `zalo:${USER}`, event: { text: 'Cho tôi hỏi về công bố hợp quy sản phẩm' } });
  });

  it('when a request is signed with the wrong key, then 401 and nothing is stored', async () => {
    const event = zaloFollowEvent({ userId: '5555555555555555555' });
    expect(await postZaloEvent(webhookUrl, event, 'not-the-oa-secret')).toMatchObject({ status: 401 });
    expect(await InboxRecordModel.countDocuments({ contactKey: 'zalo:5555555555555555555' })).toBe(0);
  });

  it('when the bot answers with choices in numbered mode, then the person reads numbers and "2" resolves to the second payload', async () => {
    const message = {
      text: 'Bạn muốn hỏi về lĩnh vực nào?',
      quickReplies: [
        { title: 'Sở hữu trí tuệ', payload: 'topic:shtt' },
        { title: 'Đo lường', payload: 'topic:dl' },
      ],
    };
    const decision = zalo.policy.decide({ purpose: 'reply', lastInboundAt: new Date(), now: new Date() });
    expect(decision.allowed).toBe(true);
    if (!decision.allowed) return;
    await zalo.client.send(USER, message, { purpose: 'reply', window: decision });
    expect(fake.messagesTo(USER).at(-1)!.body.message.text).toBe('Bạn muốn hỏi về lĩnh vực nào?\n\n1. Sở hữu trí tuệ\n2. Đo lường');
    expect(zalo.renderer.resolveReply('2', message)).toBe('topic:dl');
  });
});
