import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebChatClient, WebChatHub, type FeedEntry } from '../../../src/channels/webchat/index.js';
import { LEGACY_FEED_COLLECTION, migrateLegacyFeed } from '../../../src/channels/webchat/migrate.js';
import { WebChatMessageModel } from '../../../src/db/models/webchat-message.js';
import { WebChatVisitorModel } from '../../../src/db/models/webchat-visitor.js';
import { log } from '../../../src/log.js';
import type { RunningService } from '../../../src/service.js';
import { useTestDatabase } from '../../support/database.js';
import { newVisitor, startWebChatService, stopWebChatService, type TestVisitor } from './start-webchat.js';

const db = useTestDatabase('webchat_identity');
let service: RunningService;

beforeAll(async () => {
  service = await startWebChatService(db.uri, {}, { visitorsPerMinute: 100 });
});
afterAll(async () => {
  await stopWebChatService(service, db.uri);
});

async function feedOf(visitor: TestVisitor, after = 0): Promise<FeedEntry[]> {
  const res = await fetch(`${service.url}/chat/api/messages?after=${after}`, { headers: visitor.auth });
  expect(res.status).toBe(200);
  return ((await res.json()) as { messages: FeedEntry[] }).messages;
}

const notice = { purpose: 'notice' as const, window: { allowed: true as const } };

/** Lines as the service stored them before feed lines were keyed by `<visitorId>#<seq>`. */
async function writeLegacyLines(visitorId: string, texts: string[]): Promise<void> {
  const legacy = mongoose.connection.db!.collection(LEGACY_FEED_COLLECTION);
  await legacy.insertMany(
    texts.map((text, i) =>
      i === 0
        ? { _id: `in:${visitorId}:${randomUUID()}`, visitorId, seq: 1, author: 'visitor', text, clientMessageId: randomUUID(), at: new Date() }
        : { _id: `out:${randomUUID()}`, visitorId, seq: i + 1, author: 'bot', text, at: new Date() },
    ) as never[],
  );
}

describe('web chat visitor identity', () => {
  it('when a page asks for an identity, then it gets an id and a secret, and only a hash of the secret is stored', async () => {
    const res = await fetch(`${service.url}/chat/api/visitors`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as { visitorId: string; secret: string; keptConversation: boolean };
    expect(body.visitorId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(body.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body.keptConversation).toBe(false);
    const stored = await WebChatVisitorModel.findById(body.visitorId).lean();
    expect(stored?.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(body.secret);
  });

  it('when someone knows a visitor id but not its secret, then they can neither read, follow nor write as that visitor', async () => {
    const owner = await newVisitor(service.url);
    await new WebChatClient({ hub: new WebChatHub() }).send(owner.visitorId, { text: 'Hồ sơ HS-2026-0042 của ông Nguyễn Văn A đã có kết quả' }, notice);
    expect((await feedOf(owner)).map((m) => m.text)).toEqual(['Hồ sơ HS-2026-0042 của ông Nguyễn Văn A đã có kết quả']);
    const stranger = await newVisitor(service.url);
    const asOwnerWithStrangersSecret = { Authorization: `Bearer ${owner.visitorId}.${stranger.secret}` };
    expect((await fetch(`${service.url}/chat/api/messages?after=0`, { headers: asOwnerWithStrangersSecret })).status).toBe(401);
    expect((await fetch(`${service.url}/chat/api/stream?after=0`, { headers: asOwnerWithStrangersSecret })).status).toBe(401);
    // The id in the body of a post is not who the message comes from: the credential is.
    const post = await fetch(`${service.url}/chat/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...stranger.auth },
      body: JSON.stringify({ visitorId: owner.visitorId, clientMessageId: randomUUID(), text: 'Xoá dữ liệu của tôi' }),
    });
    expect(post.status).toBe(202);
    expect((await feedOf(owner)).map((m) => m.text)).toEqual(['Hồ sơ HS-2026-0042 của ông Nguyễn Văn A đã có kết quả']);
    expect((await feedOf(stranger)).filter((m) => m.author === 'visitor').map((m) => m.text)).toEqual(['Xoá dữ liệu của tôi']);
    await service.inboxWorker.idle();
    await service.outboxWorker.idle();
  });

  it('when a visitor from before credentials comes back, then their id gets a secret once and their conversation stays readable', async () => {
    const legacyId = randomUUID();
    await writeLegacyLines(legacyId, ['Cho hỏi thủ tục đăng ký mã số mã vạch', 'Quý ông/bà vui lòng chuẩn bị hồ sơ…']);
    await migrateLegacyFeed(log);

    const kept = await newVisitor(service.url, { legacyVisitorId: legacyId });
    expect(kept.visitorId).toBe(legacyId);
    expect((await feedOf(kept)).map((m) => m.text)).toEqual(['Cho hỏi thủ tục đăng ký mã số mã vạch', 'Quý ông/bà vui lòng chuẩn bị hồ sơ…']);

    // Only once: a second page (or someone who copied the id) gets a new, empty identity.
    const second = await newVisitor(service.url, { legacyVisitorId: legacyId });
    expect(second.visitorId).not.toBe(legacyId);
    expect(await feedOf(second)).toEqual([]);
    // An id with no conversation is not handed out either.
    const unknown = randomUUID();
    expect((await newVisitor(service.url, { legacyVisitorId: unknown })).visitorId).not.toBe(unknown);
  });

  it('when the feed is moved to the new layout twice or cut short, then every line is there once and in order', async () => {
    const visitorId = randomUUID();
    await writeLegacyLines(visitorId, ['một', 'hai', 'ba']);
    const legacy = mongoose.connection.db!.collection(LEGACY_FEED_COLLECTION);
    // A run cut short: two lines were copied but not yet deleted from the old place.
    const copied = await legacy.find({ visitorId, seq: { $lte: 2 } }).toArray();
    await WebChatMessageModel.collection.insertMany(copied.map(({ _id, ...line }) => ({ ...line, _id: `${visitorId}#${line.seq as number}` })) as never[]);

    await migrateLegacyFeed(log);
    expect(await migrateLegacyFeed(log)).toBe(0);
    expect(await legacy.countDocuments({})).toBe(0);
    const lines = await WebChatMessageModel.find({ visitorId, receipt: { $ne: true } })
      .sort({ seq: 1 })
      .lean();
    expect(lines.map((l) => [l._id, l.text])).toEqual([
      [`${visitorId}#1`, 'một'],
      [`${visitorId}#2`, 'hai'],
      [`${visitorId}#3`, 'ba'],
    ]);
    // The visitor's first message was stored once; its receipt stops a retried send from being stored again.
    expect(await WebChatMessageModel.countDocuments({ visitorId, receipt: true })).toBe(1);
  });

  it('when a number was taken but its line never written, then readers wait a moment and then pass over the hole', async () => {
    const visitor = await newVisitor(service.url);
    const client = new WebChatClient({ hub: new WebChatHub() });
    await client.send(visitor.visitorId, { text: 'trước' }, notice);
    const after = await client.send(visitor.visitorId, { text: 'sau' }, notice);
    // Line 2 is removed, as if its write had failed after the number was taken.
    await WebChatMessageModel.deleteOne({ _id: after.platformMessageId });
    await client.send(visitor.visitorId, { text: 'sau nữa' }, notice);
    expect((await feedOf(visitor)).map((m) => m.text)).toEqual(['trước']);
    await WebChatMessageModel.updateOne({ _id: `${visitor.visitorId}#3` }, { $set: { at: new Date(Date.now() - 60_000) } });
    expect((await feedOf(visitor)).map((m) => m.text)).toEqual(['trước', 'sau nữa']);
  });

  it("when a visitor's older lines were removed (retention or erasure), then opening the chat shows the lines that are left and new ones", async () => {
    const visitor = await newVisitor(service.url);
    const client = new WebChatClient({ hub: new WebChatHub() });
    for (let i = 1; i <= 40; i += 1) await client.send(visitor.visitorId, { text: `dòng ${i}` }, notice);
    await WebChatMessageModel.deleteMany({ visitorId: visitor.visitorId, seq: { $lte: 33 } });
    await WebChatMessageModel.updateMany({ visitorId: visitor.visitorId }, { $set: { at: new Date(Date.now() - 60_000) } });
    expect((await feedOf(visitor)).map((m) => m.text)).toEqual(['dòng 34', 'dòng 35', 'dòng 36', 'dòng 37', 'dòng 38', 'dòng 39', 'dòng 40']);
    await client.send(visitor.visitorId, { text: 'dòng mới' }, notice);
    expect((await feedOf(visitor, 40)).map((m) => m.text)).toEqual(['dòng mới']);
  });
});
