import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebChatClient, WebChatHub, type FeedEntry } from '../../../src/channels/webchat/index.js';
import { InboxRecordModel } from '../../../src/db/models/inbox-record.js';
import { OutboxRecordModel } from '../../../src/db/models/outbox-message.js';
import { WebChatMessageModel } from '../../../src/db/models/webchat-message.js';
import { enqueueMessage } from '../../../src/outbox/enqueue.js';
import type { RunningService } from '../../../src/service.js';
import { useTestDatabase } from '../../support/database.js';
import { openSse } from './sse-reader.js';
import { newVisitor, queuedFor, startWebChatService, stopWebChatService, type TestVisitor } from './start-webchat.js';
import { ContactModel } from '../../../src/db/models/contact.js';

const db = useTestDatabase('webchat_messages');
let service: RunningService;

beforeAll(async () => {
  service = await startWebChatService(db.uri, {}, { streamPollMs: 300 });
});
afterAll(async () => {
  await stopWebChatService(service, db.uri);
});

function post(visitor: TestVisitor, body: unknown): Promise<Response> {
  return fetch(`${service.url}/chat/api/messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...visitor.auth },
    body: JSON.stringify(body),
  });
}

async function feedOf(visitor: TestVisitor, after = 0): Promise<{ messages: FeedEntry[]; cursor: number; language: string | null }> {
  const res = await fetch(`${service.url}/chat/api/messages?after=${after}`, { headers: visitor.auth });
  expect(res.status).toBe(200);
  return (await res.json()) as { messages: FeedEntry[]; cursor: number; language: string | null };
}

async function settle(): Promise<void> {
  await service.inboxWorker.idle();
  await service.outboxWorker.idle();
}

describe('web chat messages', () => {
  it('when a visitor sends a message, then it is accepted at once and every bot answer appears in their feed once, in order', async () => {
    const visitor = await newVisitor(service.url);
    const { visitorId } = visitor;
    const res = await post(visitor, { clientMessageId: randomUUID(), text: 'Thủ tục công bố hợp quy thế nào?' });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ status: 'accepted', duplicate: false });
    await settle();

    const { messages, cursor } = await feedOf(visitor);
    const said = await queuedFor(visitorId);
    expect(said.length).toBeGreaterThan(0);
    expect(said.every((line) => line.status === 'sent')).toBe(true);
    expect(messages[0]).toMatchObject({ author: 'visitor', text: 'Thủ tục công bố hợp quy thế nào?' });
    const answers = messages.slice(1);
    expect(answers.map((m) => m.author)).toEqual(said.map(() => 'bot'));
    expect(answers.map((m) => m.id)).toEqual(said.map((line) => line.platformMessageId));
    expect(answers.map((m) => m.text)).toEqual(said.map((line) => line.text));
    expect(answers.map((m) => (m.quickReplies ?? []).map((q) => q.title))).toEqual(said.map((line) => line.quickReplies));
    expect(cursor).toBe(messages.at(-1)!.seq);
    expect((await feedOf(visitor, cursor)).messages).toEqual([]);
  });

  it('when the same message is posted twice, then it is stored once and answered once', async () => {
    const visitor = await newVisitor(service.url);
    const { visitorId } = visitor;
    const body = { clientMessageId: randomUUID(), text: 'Xin chào' };
    const [first, second] = await Promise.all([post(visitor, body), post(visitor, body)]);
    const third = await post(visitor, body);
    expect([first.status, second.status, third.status]).toEqual([202, 202, 202]);
    expect(((await third.json()) as { duplicate: boolean }).duplicate).toBe(true);
    await settle();

    expect(await InboxRecordModel.countDocuments({ channel: 'webchat', eventId: body.clientMessageId })).toBe(1);
    const { messages } = await feedOf(visitor);
    expect(messages.filter((m) => m.author === 'visitor')).toHaveLength(1);
    const said = await queuedFor(visitorId);
    expect(said.length).toBeGreaterThan(0);
    // One turn ran: each line it said is in the feed exactly once.
    expect(messages.filter((m) => m.author === 'bot').map((m) => m.id)).toEqual(said.map((line) => line.platformMessageId));
  });

  it('when a visitor taps a quick reply, then the bot receives its payload as a postback', async () => {
    const visitor = await newVisitor(service.url);
    const { visitorId } = visitor;
    const clientMessageId = randomUUID();
    expect((await post(visitor, { clientMessageId, text: 'Tra cứu hồ sơ', payload: 'TICKET_STATUS' })).status).toBe(202);
    const stored = await InboxRecordModel.findOne({ channel: 'webchat', eventId: clientMessageId }).lean();
    expect(stored?.event).toMatchObject({ type: 'postback', userId: visitorId, text: 'Tra cứu hồ sơ', payload: 'TICKET_STATUS' });
    await settle();
  });

  it('when staff send a message through the outbox, then it reaches an open stream and the feed', async () => {
    const visitor = await newVisitor(service.url);
    const { visitorId } = visitor;
    const stream = await openSse(`${service.url}/chat/api/stream?after=0`, visitor.auth);
    try {
      expect(stream.status).toBe(200);
      expect(stream.contentType).toContain('text/event-stream');
      const { key } = await enqueueMessage(
        {
          contactKey: `webchat:${visitorId}`,
          purpose: 'staff_message',
          message: {
            text: 'Hồ sơ của Quý ông/bà đã được tiếp nhận. <b>Mã</b>: HS-2026-0001',
            quickReplies: [{ title: 'Cảm ơn', payload: 'THANKS' }],
            buttons: [
              { type: 'url', title: 'Xem hướng dẫn', url: 'https://dvc.example.gov.vn/huong-dan' },
              { type: 'url', title: 'Bad', url: 'javascript:alert(1)' },
            ],
          },
        },
        () => service.outboxWorker.wake(),
      );
      const event = await stream.waitFor((e) => e.event === 'message');
      const entry = JSON.parse(event.data) as FeedEntry;
      expect(entry).toMatchObject({
        author: 'staff',
        text: 'Hồ sơ của Quý ông/bà đã được tiếp nhận. <b>Mã</b>: HS-2026-0001',
        quickReplies: [{ title: 'Cảm ơn', payload: 'THANKS' }],
        buttons: [{ type: 'url', title: 'Xem hướng dẫn', url: 'https://dvc.example.gov.vn/huong-dan' }],
      });
      expect(event.id).toBe(String(entry.seq));

      await service.outboxWorker.idle();
      const sent = await OutboxRecordModel.findOne({ key }).lean();
      expect(sent).toMatchObject({ status: 'sent', platformMessageId: entry.id });
      expect((await feedOf(visitor)).messages).toEqual([entry]);
    } finally {
      await stream.close();
    }
  });

  it('when another instance writes to the feed, then the open stream finds it by polling', async () => {
    const visitor = await newVisitor(service.url);
    const { visitorId } = visitor;
    const stream = await openSse(`${service.url}/chat/api/stream?after=0`, visitor.auth);
    try {
      // A client with its own hub stands for another process: no signal reaches this stream.
      const elsewhere = new WebChatClient({ hub: new WebChatHub() });
      const { platformMessageId } = await elsewhere.send(
        visitorId,
        { text: 'Nhắc lịch tiếp dân ngày mai' },
        { purpose: 'reminder', window: { allowed: true } },
      );
      const event = await stream.waitFor((e) => e.event === 'message', 5_000);
      expect(JSON.parse(event.data)).toMatchObject({ id: platformMessageId, author: 'bot', text: 'Nhắc lịch tiếp dân ngày mai' });
    } finally {
      await stream.close();
    }
  });

  it('when a stream reconnects with Last-Event-ID, then it sends only the lines after it', async () => {
    const visitor = await newVisitor(service.url);
    const { visitorId } = visitor;
    const client = new WebChatClient({ hub: new WebChatHub() });
    const window = { purpose: 'notice' as const, window: { allowed: true as const } };
    await client.send(visitorId, { text: 'một' }, window);
    const second = await client.send(visitorId, { text: 'hai' }, window);
    await client.send(visitorId, { text: 'ba' }, window);
    const secondSeq = (await WebChatMessageModel.findById(second.platformMessageId).lean())!.seq;

    const stream = await openSse(`${service.url}/chat/api/stream?after=0`, { ...visitor.auth, 'Last-Event-ID': String(secondSeq) });
    try {
      // Lines go out in order, so any line before 'ba' sent by mistake is already here when 'ba' is.
      await stream.waitFor((e) => e.event === 'message' && (JSON.parse(e.data) as FeedEntry).text === 'ba');
      expect(stream.events.filter((e) => e.event === 'message').map((e) => (JSON.parse(e.data) as FeedEntry).text)).toEqual(['ba']);
    } finally {
      await stream.close();
    }
  });

  it('when the visitor switches to English, then the bot is told before the next turn and the feed reports it', async () => {
    const visitor = await newVisitor(service.url);
    const { visitorId } = visitor;
    const res = await fetch(`${service.url}/chat/api/language`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...visitor.auth },
      body: JSON.stringify({ language: 'en' }),
    });
    expect(res.status).toBe(200);
    expect((await post(visitor, { clientMessageId: randomUUID(), text: 'Hello' })).status).toBe(202);
    await settle();
    expect(await ContactModel.findOne({ key: `webchat:${visitorId}` }, { language: 1 }).lean()).toMatchObject({ language: 'en' });
    const feed = await feedOf(visitor);
    expect(feed.language).toBe('en');
    expect(feed.messages.filter((m) => m.author === 'bot').length).toBeGreaterThan(0);
  });

  it('when the language switch names no known language, then it is refused', async () => {
    const visitor = await newVisitor(service.url);
    const res = await fetch(`${service.url}/chat/api/language`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...visitor.auth },
      body: JSON.stringify({ language: { $ne: 'vi' } }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('language_invalid');
  });
});
