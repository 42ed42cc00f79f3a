import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BroadcastDeliveryModel } from '../../src/db/models/broadcast-delivery.js';
import { OutboxRecordModel } from '../../src/db/models/outbox-message.js';
import type { Channel } from '../../src/domain/vocabulary.js';
import { runJobOnce } from '../../src/jobs/run.js';
import { newsDispatchJob } from '../../src/jobs/news-dispatch.js';
import { cancelNews, composeNews } from '../../src/news/compose.js';
import { dispatchNews } from '../../src/news/dispatch.js';
import { newsProgress } from '../../src/news/progress.js';
import { dropTestDatabase, testDatabaseUri } from '../support/database.js';
import { waitUntil } from '../support/recording-channel.js';
import { DAY, HOUR, TEST_RATES, office, seedSubscriber, startNewsWorld, type NewsWorld } from './support.js';

const uri = testDatabaseUri('news_resume');
let world: NewsWorld;

beforeAll(async () => {
  world = await startNewsWorld(uri);
});
afterAll(async () => {
  await world?.close();
  await dropTestDatabase(uri);
});

interface Person {
  channel: Channel;
  userId: string;
}

async function seedMany(topic: string, count: number): Promise<Person[]> {
  const people: Person[] = [];
  for (let i = 0; i < count; i++) {
    const channel: Channel = i % 3 === 0 ? 'messenger' : 'zalo';
    people.push({ channel, userId: await seedSubscriber(channel, topic, 1 * HOUR) });
  }
  return people;
}

function copies(person: Person, title: string): number {
  return world.received(person.channel, person.userId).filter((t) => t.includes(title)).length;
}

async function settled(broadcastId: string): Promise<void> {
  await waitUntil(async () => (await OutboxRecordModel.countDocuments({ broadcastId, status: 'pending' })) === 0, 30_000, 'outbox settled');
}

describe('a news send that is interrupted', () => {
  it('when the send is killed midway and started again, then everyone gets the item exactly once', async () => {
    const title = 'Chương trình hỗ trợ doanh nghiệp đổi mới sáng tạo năm 2027';
    const people = await seedMany('khoi-nghiep-dmst', 60);
    const item = await composeNews(
      { topic: 'khoi-nghiep-dmst', title, text: 'Mời doanh nghiệp đăng ký.', scheduledAt: new Date(), expiresAt: new Date(Date.now() + 3 * DAY) },
      office,
    );

    // The first instance dies after queueing about a third of the messages.
    const killed = new AbortController();
    const watcher = waitUntil(async () => (await OutboxRecordModel.countDocuments({ broadcastId: item.id })) >= 20, 20_000, 'a third queued').then(() =>
      killed.abort(),
    );
    await dispatchNews({
      policies: world.service.channels.policies,
      wakeOutbox: () => world.service.outboxWorker.wake(),
      rates: { ...TEST_RATES, zalo: 1_200, messenger: 1_200 },
      signal: killed.signal,
    });
    await watcher;
    const queuedBeforeKill = await OutboxRecordModel.countDocuments({ broadcastId: item.id });
    expect(queuedBeforeKill).toBeGreaterThanOrEqual(20);
    expect(queuedBeforeKill).toBeLessThan(60);
    expect(await BroadcastDeliveryModel.countDocuments({ broadcastId: item.id, status: 'planned' })).toBeGreaterThan(0);

    // It died between queueing three messages and recording that it had.
    const recorded = await BroadcastDeliveryModel.find({ broadcastId: item.id, status: 'queued' }).limit(3).lean();
    await BroadcastDeliveryModel.updateMany({ _id: { $in: recorded.map((d) => d._id) } }, { $set: { status: 'planned' }, $unset: { outboxKey: 1, via: 1 } });

    // Another instance picks it up at the next tick.
    await dispatchNews({ policies: world.service.channels.policies, wakeOutbox: () => world.service.outboxWorker.wake(), rates: TEST_RATES });
    await settled(item.id);
    await dispatchNews({ policies: world.service.channels.policies, wakeOutbox: () => world.service.outboxWorker.wake(), rates: TEST_RATES });

    expect(people.map((p) => copies(p, title))).toEqual(people.map(() => 1));
    expect(await newsProgress(item.id)).toMatchObject({ targeted: 60, sent: 60, inProgress: 0, failed: 0 });
  });

  it('when planning is killed midway and started again, then each subscriber is planned once', async () => {
    const title = 'Tin về chuyển đổi số';
    const people = await seedMany('chuyen-doi-so', 45);
    const item = await composeNews(
      { topic: 'chuyen-doi-so', title, text: 'Nội dung.', scheduledAt: new Date(), expiresAt: new Date(Date.now() + DAY) },
      office,
    );
    const killed = new AbortController();
    const watcher = waitUntil(async () => (await BroadcastDeliveryModel.countDocuments({ broadcastId: item.id })) >= 10, 20_000, 'some planned').then(() =>
      killed.abort(),
    );
    await dispatchNews({
      policies: world.service.channels.policies,
      wakeOutbox: () => world.service.outboxWorker.wake(),
      rates: TEST_RATES,
      signal: killed.signal,
      planBatchSize: 5,
    });
    await watcher;

    await dispatchNews({ policies: world.service.channels.policies, wakeOutbox: () => world.service.outboxWorker.wake(), rates: TEST_RATES, planBatchSize: 5 });
    await settled(item.id);
    expect(await BroadcastDeliveryModel.countDocuments({ broadcastId: item.id })).toBe(45);
    expect(people.map((p) => copies(p, title))).toEqual(people.map(() => 1));
  });

  it('when two instances run the news job at the same moment, then one runs it and nobody gets the item twice', async () => {
    const title = 'Quy định mới về đo lường';
    const people = await seedMany('do-luong', 24);
    const item = await composeNews({ topic: 'do-luong', title, text: 'Nội dung.', scheduledAt: new Date(), expiresAt: new Date(Date.now() + DAY) }, office);
    const job = newsDispatchJob('* * * * *', {
      policies: world.service.channels.policies,
      wakeOutbox: () => world.service.outboxWorker.wake(),
      rates: TEST_RATES,
    });
    const slot = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    const outcomes = await Promise.all([runJobOnce(job, { owner: 'instance-a', slot }), runJobOnce(job, { owner: 'instance-b', slot })]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['ok', 'skipped']);
    await settled(item.id);
    expect(people.map((p) => copies(p, title))).toEqual(people.map(() => 1));
  });

  it('when two instances dispatch the same item without the job lease, then the outbox key still keeps it to one copy each', async () => {
    const title = 'Hướng dẫn đăng ký nhãn hiệu';
    const people = await seedMany('so-huu-tri-tue', 30);
    const item = await composeNews(
      { topic: 'so-huu-tri-tue', title, text: 'Nội dung.', scheduledAt: new Date(), expiresAt: new Date(Date.now() + DAY) },
      office,
    );
    const options = { policies: world.service.channels.policies, wakeOutbox: () => world.service.outboxWorker.wake(), rates: TEST_RATES };
    await Promise.all([dispatchNews(options), dispatchNews(options)]);
    await settled(item.id);
    await dispatchNews(options);
    expect(people.map((p) => copies(p, title))).toEqual(people.map(() => 1));
    expect(await BroadcastDeliveryModel.countDocuments({ broadcastId: item.id })).toBe(30);
  });

  it('when staff withdraw an item while it is being sent, then nothing more goes out and everything of it settles', async () => {
    const title = 'Tin bị thu hồi giữa chừng';
    const people = await seedMany('thong-tin-ung-dung', 40);
    const item = await composeNews(
      { topic: 'thong-tin-ung-dung', title, text: 'Nội dung.', scheduledAt: new Date(), expiresAt: new Date(Date.now() + DAY) },
      office,
    );
    const withdraw = waitUntil(async () => (await OutboxRecordModel.countDocuments({ broadcastId: item.id })) >= 8, 20_000, 'sending started').then(() =>
      cancelNews(item.id, office, () => world.service.outboxWorker.wake()),
    );
    // Slow enough that the withdrawal lands midway.
    await dispatchNews({
      policies: world.service.channels.policies,
      wakeOutbox: () => world.service.outboxWorker.wake(),
      rates: { ...TEST_RATES, zalo: 300, messenger: 300 },
    });
    await withdraw;
    const queuedAtWithdrawal = await OutboxRecordModel.countDocuments({ broadcastId: item.id });
    await settled(item.id);
    await dispatchNews({ policies: world.service.channels.policies, wakeOutbox: () => world.service.outboxWorker.wake(), rates: TEST_RATES });

    const reached = people.filter((p) => copies(p, title) === 1).length;
    expect(people.every((p) => copies(p, title) <= 1)).toBe(true);
    expect(reached).toBeLessThan(40);
    // Sending notices the withdrawal within a quarter of a second: at 5 a second per channel, a few more at most.
    expect(await OutboxRecordModel.countDocuments({ broadcastId: item.id })).toBeLessThanOrEqual(queuedAtWithdrawal + 4);
    const progress = await newsProgress(item.id);
    expect(progress).toMatchObject({ targeted: 40, sent: reached, inProgress: 0 });
    expect(progress.cancelled).toBe(40 - reached);
  });

  it('when staff withdraw an item while its message is on the way to the platform, then that send finishes and is counted sent, not withdrawn', async () => {
    const title = 'Tin thu hồi đúng lúc đang gửi';
    const userId = await seedSubscriber('zalo', 'chat-luong', 1 * HOUR);
    const item = await composeNews({ topic: 'chat-luong', title, text: 'Nội dung.', scheduledAt: new Date(), expiresAt: new Date(Date.now() + DAY) }, office);
    world.zalo.setDelay(1_500);
    try {
      await dispatchNews({ policies: world.service.channels.policies, wakeOutbox: () => world.service.outboxWorker.wake(), rates: TEST_RATES });
      await waitUntil(() => world.zalo.unanswered() === 1, 10_000, 'send under way');
      await cancelNews(item.id, office, () => world.service.outboxWorker.wake());
      await settled(item.id);
    } finally {
      world.zalo.setDelay(0);
    }
    await dispatchNews({ policies: world.service.channels.policies, wakeOutbox: () => world.service.outboxWorker.wake(), rates: TEST_RATES });
    expect(world.received('zalo', userId).filter((t) => t.includes(title))).toHaveLength(1);
    expect(await newsProgress(item.id)).toMatchObject({ targeted: 1, sent: 1, cancelled: 0, inProgress: 0 });
  });
});
