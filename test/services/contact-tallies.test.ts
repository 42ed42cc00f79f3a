import { beforeEach, describe, expect, it } from 'vitest';
import type { InboundEvent } from '../../src/channels/types.js';
import { ContactModel } from '../../src/db/models/contact.js';
import { buildReport } from '../../src/reports/build.js';
import { customPeriod } from '../../src/reports/period.js';
import { recordInbound } from '../../src/services/contacts.js';
import { peopleWhoWroteBetween } from '../../src/services/contact-tallies.js';
import { erasePersonalData, recordConsent, withdrawConsent } from '../../src/services/privacy.js';
import { subscribe, unsubscribe } from '../../src/services/subscriptions.js';
import { loadWorkingCalendar } from '../../src/services/working-days.js';
import type { Channel } from '../../src/domain/vocabulary.js';
import { clearDatabase, useTestDatabase } from '../support/database.js';
import { testTickets } from '../support/tickets.js';

useTestDatabase('contact_tallies');

const TZ = 'Asia/Ho_Chi_Minh';
/** Local time in Viet Nam (UTC+7). */
const vn = (iso: string) => new Date(`${iso}+07:00`);

let eventNumber = 0;
/** The person writes (or follows, unfollows) at local time `at`, through the contact's write on every message. */
async function event(channel: Channel, userId: string, at: string, type: InboundEvent['type'] = 'message'): Promise<void> {
  eventNumber += 1;
  const now = vn(at);
  await recordInbound({ channel, userId, eventId: `e${eventNumber}`, type, text: 'Xin chào', timestamp: now.getTime(), raw: {} }, now, TZ);
}

/** The report's figures for local days `from` to `to`. */
async function figures(from: string, to: string) {
  const report = await buildReport(customPeriod(from, to), { timezone: TZ, calendar: loadWorkingCalendar(), topicNames: new Map(), now: vn(`${to}T23:00:00`) });
  return report.figures;
}

const byKey = (rows: { key: string; count: number }[]) => Object.fromEntries(rows.map((r) => [r.key, r.count]));

beforeEach(async () => {
  await clearDatabase();
});

describe('subscribers in the reports', () => {
  it('when people subscribe, subscribe again and unsubscribe, then the report counts each person once and each topic they still follow', async () => {
    await event('zalo', '1', '2026-05-04T09:00:00');
    await event('messenger', '2', '2026-05-04T10:00:00');
    await subscribe('zalo:1', 'do-luong');
    await subscribe('zalo:1', 'chat-luong');
    await subscribe('zalo:1', 'do-luong');
    await subscribe('messenger:2', 'do-luong');
    let f = await figures('2026-05-01', '2026-05-31');
    expect(f.subscribers.total).toBe(2);
    expect(byKey(f.subscribers.byTopic)).toEqual({ 'do-luong': 2, 'chat-luong': 1 });
    expect(byKey(f.subscribers.byChannel)).toEqual({ zalo: 1, messenger: 1 });

    await unsubscribe('zalo:1', 'do-luong');
    await unsubscribe('zalo:1', 'do-luong');
    await unsubscribe('messenger:2', 'do-luong');
    f = await figures('2026-05-01', '2026-05-31');
    expect(f.subscribers.total).toBe(1);
    expect(byKey(f.subscribers.byTopic)).toEqual({ 'chat-luong': 1 });
    expect(byKey(f.subscribers.byChannel)).toEqual({ zalo: 1 });
  });

  it('when a subscriber unfollows the Official Account and later follows again, then they leave the counts and come back', async () => {
    await event('zalo', '1', '2026-05-04T09:00:00');
    await subscribe('zalo:1', 'do-luong');
    await event('zalo', '1', '2026-05-05T09:00:00', 'unfollow');
    expect((await figures('2026-05-01', '2026-05-31')).subscribers.total).toBe(0);
    await event('zalo', '1', '2026-05-06T09:00:00', 'follow');
    const f = await figures('2026-05-01', '2026-05-31');
    expect(f.subscribers.total).toBe(1);
    expect(byKey(f.subscribers.byTopic)).toEqual({ 'do-luong': 1 });
  });

  it('when a subscriber has their data erased or withdraws consent to news, then they no longer count, and still count among those who wrote', async () => {
    await event('zalo', '1', '2026-05-04T09:00:00');
    await event('zalo', '2', '2026-05-04T09:30:00');
    await subscribe('zalo:1', 'do-luong');
    await subscribe('zalo:2', 'do-luong');
    await subscribe('zalo:2', 'chat-luong');
    await recordConsent('zalo:2', { purpose: 'news_subscription', granted: true, textVersion: 'news_subscription/v1/vi' });
    await erasePersonalData(testTickets, 'zalo:1', vn('2026-05-10T09:00:00'));
    let f = await figures('2026-05-01', '2026-05-31');
    expect(byKey(f.subscribers.byTopic)).toEqual({ 'do-luong': 1, 'chat-luong': 1 });
    expect(f.conversations.total).toBe(2);

    await withdrawConsent('zalo:2', 'news_subscription', 'news_subscription/v1/vi', vn('2026-05-11T09:00:00'));
    f = await figures('2026-05-01', '2026-05-31');
    expect(f.subscribers.total).toBe(0);
    expect(f.subscribers.byTopic).toEqual([]);
    expect(f.conversations.total).toBe(2);
  });

  it('when many changes pile up past the folded counts, then the counts stay right after a reader folds them', async () => {
    await event('zalo', '1', '2026-05-04T09:00:00');
    for (let i = 0; i < 20; i += 1) {
      await subscribe('zalo:1', 'do-luong');
      await unsubscribe('zalo:1', 'do-luong');
    }
    await subscribe('zalo:1', 'chat-luong');
    expect((await figures('2026-05-01', '2026-05-31')).subscribers.total).toBe(1);
    await subscribe('zalo:1', 'do-luong');
    const f = await figures('2026-05-01', '2026-05-31');
    expect(byKey(f.subscribers.byTopic)).toEqual({ 'do-luong': 1, 'chat-luong': 1 });
  });
});

describe('people who wrote, in the reports', () => {
  it('when a person writes in two months and another in one, then each month counts who wrote in it and the two months together count each person once', async () => {
    await event('zalo', '1', '2026-04-29T09:00:00');
    await event('zalo', '1', '2026-04-29T15:00:00');
    await event('zalo', '1', '2026-05-02T08:00:00');
    await event('zalo', '1', '2026-05-20T08:00:00');
    await event('messenger', '2', '2026-05-02T10:00:00');
    expect((await figures('2026-04-01', '2026-04-30')).conversations.total).toBe(1);
    expect((await figures('2026-05-01', '2026-05-31')).conversations.total).toBe(2);
    expect((await figures('2026-04-01', '2026-05-31')).conversations.total).toBe(2);
    // A period starting mid-month, as the reporting periods do (15 December to 14 June).
    expect((await figures('2026-04-30', '2026-05-14')).conversations.total).toBe(2);
    expect((await figures('2026-05-03', '2026-05-31')).conversations.total).toBe(1);
    expect((await figures('2026-05-21', '2026-06-30')).conversations.total).toBe(0);
  });

  it('when people write on many days, then every period counts exactly the people with a day in it, as reading every contact does', async () => {
    const days = ['2025-12-14', '2025-12-15', '2026-01-31', '2026-02-01', '2026-03-10', '2026-06-14', '2026-06-15', '2026-07-01'];
    for (let p = 0; p < 12; p += 1) {
      for (let d = 0; d < days.length; d += 1) {
        if ((p + d) % 3 === 0 || (p * d) % 5 === 1) await event('zalo', String(p), `${days[d]}T09:00:00`);
      }
    }
    const contacts = await ContactModel.find({}, { activeDays: 1 }).lean();
    const periods: [string, string][] = [
      ['2025-12-15', '2026-06-14'],
      ['2026-06-15', '2026-12-14'],
      ['2025-12-15', '2026-12-14'],
      ['2026-01-01', '2026-06-30'],
      ['2026-02-01', '2026-02-01'],
      ['2025-12-01', '2026-01-31'],
      ['2026-03-11', '2026-06-14'],
    ];
    for (const [from, to] of periods) {
      const scanned = contacts.filter((c) => (c.activeDays ?? []).some((day) => day >= from && day <= to)).length;
      expect({ from, to, people: await peopleWhoWroteBetween(from, to) }).toEqual({ from, to, people: scanned });
    }
  });
});
