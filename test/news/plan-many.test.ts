import { describe, expect, it } from 'vitest';
import { BroadcastDeliveryModel } from '../../src/db/models/broadcast-delivery.js';
import { BroadcastModel } from '../../src/db/models/broadcast.js';
import { ContactModel } from '../../src/db/models/contact.js';
import { planDeliveries } from '../../src/news/plan.js';
import { toBroadcastRecord } from '../../src/news/record.js';
import { useTestDatabase } from '../support/database.js';

useTestDatabase('news_plan_many');

/** Enough to span several planning batches; the time it takes is measured by `npm run bench` (news). */
const SUBSCRIBERS = 4_500;

async function seedSubscribers(count: number): Promise<void> {
  const now = new Date();
  for (let start = 0; start < count; start += 5_000) {
    const docs = [];
    for (let i = start; i < Math.min(count, start + 5_000); i++) {
      const channel = i % 2 === 0 ? 'zalo' : 'messenger';
      const userId = String(1_000_000_000 + i);
      docs.push({
        key: `${channel}:${userId}`,
        channel,
        userId,
        language: 'vi',
        followState: 'following',
        firstSeenAt: now,
        lastInboundAt: now,
        subscriptions: i % 10 === 0 ? ['chat-luong', 'do-luong'] : ['chat-luong'],
        consents: [],
      });
    }
    await ContactModel.insertMany(docs, { lean: true });
  }
}

describe('planning a news item for many subscribers', () => {
  it(`when ${SUBSCRIBERS} people subscribe to the topic, then planning makes one delivery each, in batches, and planning again adds none`, async () => {
    await seedSubscribers(SUBSCRIBERS);
    await ContactModel.create({
      key: 'zalo:unfollowed',
      channel: 'zalo',
      userId: 'unfollowed',
      followState: 'unfollowed',
      firstSeenAt: new Date(),
      subscriptions: ['chat-luong'],
    });
    const doc = await BroadcastModel.create({
      topic: 'chat-luong',
      title: 'Tin',
      text: 'Nội dung',
      scheduledAt: new Date(),
      expiresAt: new Date(Date.now() + 86_400_000),
      createdBy: 'vanphong',
    });
    const item = toBroadcastRecord(doc.toObject());

    const targeted = await planDeliveries(item, new Date(), { batchSize: 1_000 });
    expect(targeted).toBe(SUBSCRIBERS);
    expect(await BroadcastDeliveryModel.countDocuments({ broadcastId: item.id })).toBe(SUBSCRIBERS);
    const oneEach = await BroadcastDeliveryModel.find({ broadcastId: item.id }, { contactKey: 1 }).lean();
    expect(new Set(oneEach.map((d) => d.contactKey)).size).toBe(SUBSCRIBERS);

    // Planning again (a restart after a crash) adds nobody and counts nobody twice.
    expect(await planDeliveries(item, new Date(), { batchSize: 700 })).toBe(SUBSCRIBERS);
    expect(await BroadcastDeliveryModel.countDocuments({ broadcastId: item.id })).toBe(SUBSCRIBERS);
    expect(await BroadcastDeliveryModel.countDocuments({ contactKey: 'zalo:unfollowed' })).toBe(0);
  }, 120_000);
});
