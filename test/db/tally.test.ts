import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { addToTally, readTally } from '../../src/db/tally.js';
import { useTestDatabase } from '../support/database.js';

useTestDatabase('tally');

const changesOf = (name: string) =>
  mongoose.connection
    .db!.collection('tally_changes')
    .find({ _id: { $regex: `^tally:${name}#` } } as never)
    .toArray();

describe('a tally moved by many writers at once', () => {
  it('when forty people are counted at the same moment, then the tally counts every one of them, stored as one change', async () => {
    const name = 'wrote:2026-03';
    await Promise.all(Array.from({ length: 40 }, (_, i) => addToTally(name, { [`0${(i % 4) + 1}:`]: 1 })));
    expect(Object.fromEntries(await readTally(name))).toEqual({ '01:': 10, '02:': 10, '03:': 10, '04:': 10 });
    expect(await changesOf(name)).toHaveLength(1);
  });

  it('when changes arrive while a write is under way, then they are stored together after it and none is lost', async () => {
    const name = 'subscribers-test';
    const first = addToTally(name, { 'do-luong': 1 });
    // The first write is in flight once the event loop has turned; these wait for it.
    await new Promise((resolve) => setImmediate(resolve));
    const later = Array.from({ length: 12 }, (_, i) => addToTally(name, i % 3 === 0 ? { 'do-luong': -1, 'chat-luong': 1 } : { 'do-luong': 1 }));
    await Promise.all([first, ...later]);
    expect(Object.fromEntries(await readTally(name))).toEqual({ 'do-luong': 5, 'chat-luong': 4 });
    expect(await changesOf(name)).toHaveLength(2);
  });

  it('when changes cancel out, then nothing is written and the count stands', async () => {
    const name = 'cancelled';
    await addToTally(name, { a: 2 });
    await Promise.all([addToTally(name, { a: 1 }), addToTally(name, { a: -1 })]);
    expect(Object.fromEntries(await readTally(name))).toEqual({ a: 2 });
    expect(await changesOf(name)).toHaveLength(1);
  });
});
