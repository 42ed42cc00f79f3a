import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { BroadcastDeliveryModel } from '../../src/db/models/broadcast-delivery.js';
import { BroadcastModel } from '../../src/db/models/broadcast.js';
import { ContactModel } from '../../src/db/models/contact.js';
import { planDeliveries } from '../../src/news/plan.js';
import { toBroadcastRecord, type BroadcastDoc } from '../../src/news/record.js';
import { useTestDatabase } from '../support/database.js';

useTestDatabase('news_plan_speed');

/**
 * 10,000 by default so the suite stays quick; NEWS_PLAN_SUBSCRIBERS=100000 runs the full
 * size. NEWS_PLAN_BUDGET_MS adds an absolute limit (use it on a quiet machine: on a shared,
 * loaded one the database's speed varies several times over).
 */
const SUBSCRIBERS = Number(process.env.NEWS_PLAN_SUBSCRIBERS ?? 10_000);
const ABSOLUTE_BUDGET_MS = process.env.NEWS_PLAN_BUDGET_MS ? Number(process.env.NEWS_PLAN_BUDGET_MS) : undefined;

async function seedSubscribers(count: number): Promise<void> {
  const now = new Date();
  for (let start = 0; start < count; start += 5_000) {
    const docs = [];
    for (let i = start; i < Math.min(count, start + 5_000); i++) {
      const channel = i % 2 === 0 ? 'zalo' : 'messenger';
      const userId = String(1_000_000_000 + i);
      docs.push({ key: `${channel}:${userId}`, channel, userId, language: 'vi', followState: 'following', firstSeenAt: now, lastInboundAt: now, subscriptions: i % 10 === 0 ? ['chat-luong', 'do-luong'] : ['chat-luong'], consents: [] });
    }
    await ContactModel.insertMany(docs, { lean: true });
  }
}

/**
 * What planning cannot beat: reading the same subscribers once and writing documents of the
 * same shape, into a collection with the same indexes, once each.
 */
async function baselineMs(): Promise<number> {
  const scratch = mongoose.connection.db!.collection<Record<string, unknown> & { _id: string }>('plan_baseline');
  await scratch.createIndex({ broadcastId: 1, status: 1 });
  const now = new Date();
  const started = Date.now();
  let batch: (Record<string, unknown> & { _id: string })[] = [];
  const cursor = ContactModel.find({ subscriptions: 'chat-luong', followState: { $ne: 'unfollowed' }, erasedAt: { $exists: false } }, { key: 1, channel: 1 }).lean().cursor({ batchSize: 1_000 });
  for await (const c of cursor) {
    batch.push({ _id: `baseline:${c.key}`, broadcastId: 'baseline', contactKey: c.key, channel: c.channel, status: 'planned', expiresAt: now, plannedAt: now });
    if (batch.length === 1_000) {
      await scratch.insertMany(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await scratch.insertMany(batch);
  return Date.now() - started;
}

describe('planning a news item for many subscribers', () => {
  it(`when ${SUBSCRIBERS} people subscribe to the topic, then planning makes one delivery each in about the time of one read and one write per person, and planning again adds none`, async () => {
    await seedSubscribers(SUBSCRIBERS);
    await ContactModel.create({ key: 'zalo:unfollowed', channel: 'zalo', userId: 'unfollowed', followState: 'unfollowed', firstSeenAt: new Date(), subscriptions: ['chat-luong'] });
    const doc = await BroadcastModel.create({ topic: 'chat-luong', title: 'Tin', text: 'Nội dung', scheduledAt: new Date(), expiresAt: new Date(Date.now() + 86_400_000), createdBy: 'vanphong' });
    const item = toBroadcastRecord(doc.toObject() as BroadcastDoc);

    const baseline = await baselineMs();
    const heapBefore = process.memoryUsage().heapUsed;
    const started = Date.now();
    const targeted = await planDeliveries(item, new Date());
    const elapsed = Date.now() - started;
    const heapGrowthMb = Math.round((process.memoryUsage().heapUsed - heapBefore) / 1e6);
    console.log(`planned ${targeted} deliveries in ${elapsed} ms (plain read+write ${baseline} ms, heap growth ${heapGrowthMb} MB)`);

    expect(targeted).toBe(SUBSCRIBERS);
    expect(await BroadcastDeliveryModel.countDocuments({ broadcastId: item.id })).toBe(SUBSCRIBERS);
    // No per-person round trips and no extra pass: within a margin of the plain read and write.
    expect(elapsed).toBeLessThan(baseline * 1.3 + 2_000);
    if (ABSOLUTE_BUDGET_MS !== undefined) expect(elapsed).toBeLessThan(ABSOLUTE_BUDGET_MS);

    // Planning again (a restart after a crash) adds nobody and counts nobody twice.
    expect(await planDeliveries(item, new Date(), { batchSize: 5_000 })).toBe(SUBSCRIBERS);
    expect(await BroadcastDeliveryModel.countDocuments({ broadcastId: item.id })).toBe(SUBSCRIBERS);
    expect(await BroadcastDeliveryModel.countDocuments({ contactKey: 'zalo:unfollowed' })).toBe(0);
  }, 600_000);
});
