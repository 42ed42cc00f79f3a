import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ChannelSendError, ChannelUnreachableError } from '../../src/channels/errors.js';
import type { ChannelParts } from '../../src/channels/registry.js';
import { OutboxMessageModel, OutboxRecordModel } from '../../src/db/models/outbox-message.js';
import { ContactModel } from '../../src/db/models/contact.js';
import { enqueueMessage } from '../../src/outbox/enqueue.js';
import type { RunningService } from '../../src/service.js';
import { dropTestDatabase, testDatabaseUri } from '../support/database.js';
import { recordingChannel, waitUntil } from '../support/recording-channel.js';
import { startTestService } from '../support/service.js';

const uri = testDatabaseUri('outbox');
const channel = recordingChannel('terminal');
// A policy that holds bot messages when the person's last message is older than a day.
const windowed: ChannelParts = {
  ...channel.parts,
  policy: {
    channel: 'terminal',
    decide: ({ lastInboundAt, now, purpose }) =>
      lastInboundAt && now.getTime() - lastInboundAt.getTime() < 86_400_000
        ? { allowed: true }
        : { allowed: false, code: 'test_window_closed', reason: `window closed for ${purpose}` },
  },
};
let service: RunningService;
/** This test's service's outbox wake-up, handed to every enqueue as the service's own callers do. */
const wake = () => service.outboxWorker.wake();

beforeAll(async () => {
  service = await startTestService({ mongodbUri: uri, channels: () => [windowed] });
  await ContactModel.create({ key: 'terminal:a', channel: 'terminal', userId: 'a', firstSeenAt: new Date(), lastInboundAt: new Date() });
  await ContactModel.create({
    key: 'terminal:old',
    channel: 'terminal',
    userId: 'old',
    firstSeenAt: new Date(0),
    lastInboundAt: new Date(Date.now() - 3 * 86_400_000),
  });
});
afterAll(async () => {
  await service?.stop();
  await dropTestDatabase(uri);
});

async function settled(key: string) {
  await waitUntil(async () => (await OutboxRecordModel.findOne({ key }).lean())?.status !== 'pending', 20_000, `outbox ${key} settled`);
  return (await OutboxRecordModel.findOne({ key }).lean())!;
}

describe('outbox worker', () => {
  it('when the platform fails transiently twice, then the message is retried and delivered once, with every attempt recorded', async () => {
    channel.failNext(
      new ChannelUnreachableError('terminal', 'connect ECONNREFUSED'),
      new ChannelSendError('terminal', '-32', 'rate limited', { retryable: true, retryAfterMs: 10 }),
    );
    const { key } = await enqueueMessage({ contactKey: 'terminal:a', purpose: 'reply', message: { text: 'Xin chào' } }, wake);
    const entry = await settled(key);
    expect(entry.status).toBe('sent');
    expect(entry.attempts.map((a) => a.ok)).toEqual([false, false, true]);
    expect(entry.attempts.map((a) => a.code ?? null)).toEqual(['terminal_unreachable', '-32', null]);
    expect(entry.platformMessageId).toMatch(/^rec-/);
    expect(channel.textsTo('a').filter((t) => t === 'Xin chào')).toHaveLength(1);
  }, 30_000);

  it('when the platform refuses for good, then the message is not retried and the code is kept', async () => {
    channel.failNext(new ChannelSendError('terminal', '-230', 'User has not interacted with the OA in the past 7 days', { retryable: false }));
    const { key } = await enqueueMessage({ contactKey: 'terminal:a', purpose: 'reply', message: { text: 'không tới được' } }, wake);
    const entry = await settled(key);
    expect(entry.status).toBe('failed');
    expect(entry.attempts).toHaveLength(1);
    expect(entry.outcome?.code).toBe('-230');
    expect(channel.textsTo('a')).not.toContain('không tới được');
  });

  it('when the channel window is closed, then the message is held back with the reason and never sent', async () => {
    const { key } = await enqueueMessage({ contactKey: 'terminal:old', purpose: 'broadcast', message: { text: 'tin mới' } }, wake);
    const entry = await settled(key);
    expect(entry.status).toBe('held');
    expect(entry.outcome).toEqual({ code: 'test_window_closed', reason: 'window closed for broadcast' });
    expect(entry.attempts).toHaveLength(0);
    expect(channel.textsTo('old')).toEqual([]);
  });

  it('when the same key is enqueued twice, then only one message is queued', async () => {
    const first = await enqueueMessage({ contactKey: 'terminal:a', purpose: 'reply', key: 'same-key', message: { text: 'một lần' } }, wake);
    const second = await enqueueMessage({ contactKey: 'terminal:a', purpose: 'reply', key: 'same-key', message: { text: 'một lần' } }, wake);
    expect([first.created, second.created]).toEqual([true, false]);
    await settled('same-key');
    expect(channel.textsTo('a').filter((t) => t === 'một lần')).toHaveLength(1);
  });

  it('when one enqueue of a key is slow between its two writes and a second one sends it meanwhile, then the first adds no second copy', async () => {
    // The first enqueue's queue entry lands only once the copy the second one queued is sent.
    const insertEntries = OutboxMessageModel.insertMany.bind(OutboxMessageModel);
    let held = true;
    const slowFirst = vi.spyOn(OutboxMessageModel, 'insertMany').mockImplementation(async (...args: Parameters<typeof insertEntries>) => {
      if (held) {
        held = false;
        await waitUntil(async () => (await OutboxRecordModel.findById('raced-key').lean())?.status === 'sent', 20_000, 'the second copy sent');
      }
      return insertEntries(...args);
    });
    try {
      const message = { contactKey: 'terminal:a', purpose: 'broadcast' as const, key: 'raced-key', message: { text: 'tin một lần' } };
      const first = enqueueMessage(message, wake);
      await waitUntil(async () => (await OutboxRecordModel.findById('raced-key').lean()) !== null, 20_000, 'the first record stored');
      const second = await enqueueMessage(message, wake);
      expect(second.created).toBe(false);
      expect((await first).created).toBe(true);
      await waitUntil(async () => (await OutboxMessageModel.countDocuments({ _id: 'raced-key' })) === 0, 20_000, 'the late entry settled');
    } finally {
      slowFirst.mockRestore();
    }
    expect(channel.textsTo('a').filter((t) => t === 'tin một lần')).toHaveLength(1);
  });
});
