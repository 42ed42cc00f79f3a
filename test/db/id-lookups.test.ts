import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { acquireLease, releaseLease } from '../../src/db/lease.js';
import { LeaseModel } from '../../src/db/models/lease.js';
import { useTestDatabase } from '../support/database.js';

useTestDatabase('id_lookups');

/** What the local database says it hands to SQLite for a find with `filter`. */
async function pushedDown(collection: string, filter: object): Promise<boolean> {
  const plan = await mongoose.connection.db!.command({ explain: { find: collection, filter } });
  return (plan as { filterPushdown?: boolean }).filterPushdown === true;
}

describe('lookups by _id with further conditions', () => {
  it('when a filter names an _id beside other conditions, then the local database finds the document by _id instead of reading the collection', async () => {
    await LeaseModel.collection.insertMany(Array.from({ length: 50 }, (_, i) => ({ _id: `person:zalo:${i}`, owner: 'a', until: new Date() })) as never[]);
    expect(await pushedDown('leases', { _id: 'person:zalo:7', owner: 'a' })).toBe(true);
    expect(await pushedDown('leases', { _id: 'person:zalo:7', $or: [{ until: { $lt: new Date() } }, { owner: 'a' }] })).toBe(true);
    // Without an _id there is nothing to find it by.
    expect(await pushedDown('leases', { owner: 'a' })).toBe(false);
  });

  it('when a lease is given back or taken over, then the other conditions still decide', async () => {
    expect(await acquireLease('person:zalo:x', 60_000, 'first')).toBe(true);
    expect(await acquireLease('person:zalo:x', 60_000, 'second')).toBe(false);
    await releaseLease('person:zalo:x', 'second');
    expect((await LeaseModel.findById('person:zalo:x').lean())?.owner).toBe('first');
    await releaseLease('person:zalo:x', 'first');
    expect(await LeaseModel.findById('person:zalo:x').lean()).toBeNull();
    expect(await acquireLease('person:zalo:x', 60_000, 'second')).toBe(true);
  });
});
