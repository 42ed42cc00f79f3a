import mongoose from 'mongoose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteOneWithOthers, insertAll, updateOneWithOthers } from '../../src/db/batched-writes.js';
import { isDuplicateKey } from '../../src/db/errors.js';
import { acquireLease } from '../../src/db/lease.js';
import { InboxRecordModel } from '../../src/db/models/inbox-record.js';
import { TranscriptMessageModel } from '../../src/db/models/transcript-message.js';
import { useTestDatabase } from '../support/database.js';

useTestDatabase('batched_writes');

/** Commands sent to `collection` while the test runs, by name. */
function commandsTo(collection: string): { names: string[]; stop(): void } {
  const names: string[] = [];
  const client = mongoose.connection.getClient();
  const listener = (event: { commandName: string; command: Record<string, unknown> }) => {
    if (event.command[event.commandName] === collection) names.push(event.commandName);
  };
  client.on('commandStarted', listener);
  return { names, stop: () => client.off('commandStarted', listener) };
}

const line = (contactKey: string, n: number, text: string) => ({
  _id: `${contactKey}|${n}`,
  contactKey,
  direction: 'in',
  author: 'person',
  text,
  at: new Date(),
  attachments: [],
});

describe('writes of many turns at once', () => {
  let watch: ReturnType<typeof commandsTo>;
  beforeEach(() => {
    watch = commandsTo('messages');
  });
  afterEach(() => watch.stop());

  it('when twenty people write their lines at the same moment, then every line is stored and they share a few inserts', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => insertAll(TranscriptMessageModel, [line(`zalo:p${i}`, 1, `câu hỏi ${i}`)])));
    expect(results.every((duplicates) => duplicates.size === 0)).toBe(true);
    expect(await TranscriptMessageModel.countDocuments({})).toBe(20);
    // The first goes at once; those asked for meanwhile go together after it.
    expect(watch.names.filter((n) => n === 'insert').length).toBeLessThanOrEqual(3);
  });

  it('when one writer repeats a line already stored, then only that writer is told, and the others are stored', async () => {
    await insertAll(TranscriptMessageModel, [line('zalo:dup', 1, 'lần đầu')]);
    const [repeat, ...others] = await Promise.all([
      insertAll(TranscriptMessageModel, [line('zalo:other0', 1, 'a'), line('zalo:dup', 1, 'lần hai')]),
      ...Array.from({ length: 5 }, (_, i) => insertAll(TranscriptMessageModel, [line(`zalo:other${i + 1}`, 1, 'b')])),
    ]);
    expect([...repeat]).toEqual([1]);
    expect(others.every((duplicates) => duplicates.size === 0)).toBe(true);
    expect((await TranscriptMessageModel.findById('zalo:dup|1').lean())?.text).toBe('lần đầu');
    expect(await TranscriptMessageModel.countDocuments({ _id: { $regex: '^zalo:other' } })).toBe(6);
  });
});

const record = (_id: string, status: string) => ({
  _id,
  channel: 'zalo',
  eventId: _id,
  contactKey: 'zalo:x',
  event: { type: 'message', text: 'xin chào' },
  occurredAt: new Date(),
  receivedAt: new Date(),
  status,
});

describe('updates and deletes by _id at once', () => {
  it('when thirty events are settled at the same moment, then each record says done and the pending ones are gone', async () => {
    const ids = Array.from({ length: 30 }, (_, i) => `zalo:e${i}`);
    await InboxRecordModel.insertMany(ids.map((_id) => record(_id, 'pending')));
    const watch = commandsTo('inbox_history');
    try {
      await Promise.all(ids.slice(0, 20).map((_id) => updateOneWithOthers(InboxRecordModel, { _id }, { $set: { status: 'done' } })));
      await Promise.all(ids.slice(20).map((_id) => deleteOneWithOthers(InboxRecordModel, { _id })));
    } finally {
      watch.stop();
    }
    expect(await InboxRecordModel.countDocuments({ status: 'done' })).toBe(20);
    expect(await InboxRecordModel.countDocuments({})).toBe(20);
    expect(watch.names.filter((n) => n === 'update').length).toBeLessThanOrEqual(3);
    expect(watch.names.filter((n) => n === 'delete').length).toBeLessThanOrEqual(3);
  });

  it('when two owners take one lease in the same moment as others take theirs, then exactly one of the two gets it and the others get theirs', async () => {
    const contested = await Promise.all([acquireLease('person:contested', 30_000, 'a'), acquireLease('person:contested', 30_000, 'b')]);
    const others = await Promise.all(Array.from({ length: 6 }, (_, i) => acquireLease(`person:free${i}`, 30_000, 'c')));
    expect(contested.filter(Boolean)).toHaveLength(1);
    expect(others.every(Boolean)).toBe(true);
  });

  it('when an update is refused by the database, then its writer gets the refusal with its code', async () => {
    await InboxRecordModel.insertMany([record('zalo:taken', 'done')]);
    const refused = await updateOneWithOthers(InboxRecordModel, { _id: 'zalo:taken', status: 'pending' }, { $set: { status: 'done' } }, { upsert: true }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(isDuplicateKey(refused)).toBe(true);
  });
});
