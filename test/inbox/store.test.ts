import { describe, expect, it } from 'vitest';
import type { InboundEvent } from '../../src/channels/types.js';
import { connectDatabase, disconnectDatabase } from '../../src/db/connect.js';
import { InboxRecordModel } from '../../src/db/models/inbox-record.js';
import { storeInboundEvents } from '../../src/inbox/store.js';
import { useTestDatabase } from '../support/database.js';

const database = useTestDatabase('inbox_store');

const event = (id: string, userId = 'p1'): InboundEvent => ({
  channel: 'zalo',
  eventId: id,
  userId,
  timestamp: Date.now(),
  type: 'message',
  text: `text ${id}`,
  raw: {},
});

describe('storing webhooks that arrive at the same moment', () => {
  it('when 60 webhooks store at once, some of them redeliveries, then each learns what became of its own events and every event is stored once', async () => {
    await storeInboundEvents([event('old-1'), event('old-2')]);
    const batches: InboundEvent[][] = Array.from({ length: 60 }, (_, i) => {
      if (i % 10 === 0) return [event('old-1'), event(`new-${i}`, `p${i}`)]; // one redelivered, one new
      if (i % 10 === 5) return [event(`same-${i - 5}`)]; // the same new event in two requests at once…
      if (i % 10 === 6) return [event(`same-${i - 6}`)]; // …only one of them stores it
      return [event(`new-${i}`, `p${i}`)];
    });
    const results = await Promise.all(batches.map((b) => storeInboundEvents(b)));

    results.forEach((r, i) => {
      if (i % 10 === 0) expect(r).toEqual({ stored: 1, duplicates: 1 });
      else if (i % 10 !== 5 && i % 10 !== 6) expect(r).toEqual({ stored: 1, duplicates: 0 });
    });
    for (let i = 5; i < 60; i += 10) {
      expect([results[i]!.stored, results[i + 1]!.stored].sort()).toEqual([0, 1]);
      expect(results[i]!.duplicates + results[i + 1]!.duplicates).toBe(1);
    }
    const stored = await InboxRecordModel.find({ channel: 'zalo' }, { eventId: 1 }).lean();
    const ids = stored.map((d) => d.eventId);
    expect(ids).toHaveLength(new Set(ids).size);
    expect(ids).toHaveLength(2 + 48 + 6);
  });

  it('when the database is not reachable, then every caller is told so and none is left waiting', async () => {
    await storeInboundEvents([event('before-outage')]);
    await disconnectDatabase();
    const outcomes = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => storeInboundEvents([event(`outage-${i}`)])));
    expect(outcomes.every((o) => o.status === 'rejected')).toBe(true);
    await connectDatabase(database.uri);
    expect(await storeInboundEvents([event('after-outage')])).toEqual({ stored: 1, duplicates: 0 });
  });
});
