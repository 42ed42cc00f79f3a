import mongoose from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { addToTally, replaceTally } from '../../src/db/tally.js';
import { migrateToContactTallies, rebuildContactTallies } from '../../src/services/contact-tallies-migration.js';
import { peopleWhoWroteBetween, subscriberCounts, wroteTallyName } from '../../src/services/contact-tallies.js';
import { recordInbound } from '../../src/services/contacts.js';
import { useTestDatabase } from '../support/database.js';

useTestDatabase('contact_tallies_migration');

const TZ = 'Asia/Ho_Chi_Minh';
const firstSeenAt = new Date('2025-12-01T00:00:00Z');

function contact(key: string, extra: Record<string, unknown>): Record<string, unknown> {
  const [channel, userId] = key.split(':');
  return { _id: key, key, channel, userId, firstSeenAt, language: 'vi', consents: [], ...extra };
}

const year = ['2025-12-15', '2026-12-14'] as const;
const firstHalf = ['2025-12-15', '2026-06-14'] as const;

/** Contacts stored before the tallies were kept, and what a run cut short left behind. */
beforeAll(async () => {
  await mongoose.connection
    .db!.collection('contacts')
    .insertMany([
      contact('zalo:1', { followState: 'following', subscriptions: ['do-luong', 'chat-luong'], activeDays: ['2025-12-20', '2026-01-05'] }),
      contact('messenger:2', { followState: 'unknown', subscriptions: ['do-luong'], activeDays: ['2026-01-05'] }),
      contact('zalo:3', { followState: 'unfollowed', subscriptions: ['do-luong'], activeDays: ['2026-06-20'] }),
      contact('webchat:4', { subscriptions: [], activeDays: ['2025-12-10', '2026-01-05', '2026-01-06', '2026-07-01'] }),
      contact('webchat:5', { subscriptions: [] }),
    ] as never[]);
  // A run cut short: one tally already written (with other counts), and a change recorded after it.
  await replaceTally(wroteTallyName('2026-01'), new Map([['05:', 7]]));
  await addToTally(wroteTallyName('2026-01'), { '06:1': 3 });
});

describe('the reports tallies, from contacts stored before they were kept', () => {
  it('when the service starts, then the subscribers and the people who wrote in each period are those the contacts show', async () => {
    const report = await migrateToContactTallies();
    expect(report).toEqual({ contacts: 5, subscribers: 2, months: 4 });
    const subscribers = await subscriberCounts();
    expect(subscribers.total).toBe(2);
    expect(Object.fromEntries(subscribers.byTopic)).toEqual({ 'do-luong': 2, 'chat-luong': 1 });
    expect(Object.fromEntries(subscribers.byChannel)).toEqual({ zalo: 1, messenger: 1 });
    expect(await peopleWhoWroteBetween(...year)).toBe(4);
    expect(await peopleWhoWroteBetween(...firstHalf)).toBe(3);
    expect(await peopleWhoWroteBetween('2026-01-06', '2026-06-30')).toBe(2);
    expect(await peopleWhoWroteBetween('2025-12-01', '2025-12-14')).toBe(1);
  });

  it('when it runs again, then nothing is done; a later message is counted without a new run', async () => {
    expect(await migrateToContactTallies()).toBeNull();
    const now = new Date('2026-01-05T02:00:00Z');
    await recordInbound({ channel: 'zalo', userId: '9', eventId: 'later-1', type: 'message', text: 'Xin chào', timestamp: now.getTime(), raw: {} }, now, TZ);
    // Someone who had written already that day is not counted again.
    await recordInbound({ channel: 'zalo', userId: '1', eventId: 'later-2', type: 'message', text: 'Xin chào', timestamp: now.getTime(), raw: {} }, now, TZ);
    expect(await peopleWhoWroteBetween(...firstHalf)).toBe(4);
    expect(await peopleWhoWroteBetween('2026-01-05', '2026-01-05')).toBe(4);
  });

  it('when the counts are made afresh again, then they come out the same', async () => {
    await rebuildContactTallies();
    expect((await subscriberCounts()).total).toBe(2);
    expect(await peopleWhoWroteBetween(...year)).toBe(5);
    expect(await peopleWhoWroteBetween('2026-01-05', '2026-01-05')).toBe(4);
    expect(await peopleWhoWroteBetween('2026-01-06', '2026-01-31')).toBe(1);
  });
});
