import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Botkit } from 'botkit';
import type { InboundEvent } from '../../src/channels/types.js';
import { storeInboundEvents } from '../../src/inbox/store.js';
import type { RunningService } from '../../src/service.js';
import { dropTestDatabase, testDatabaseUri } from '../support/database.js';
import { recordingChannel, waitUntil } from '../support/recording-channel.js';
import { startTestService } from '../support/service.js';

const uri = testDatabaseUri('concurrency');
const channel = recordingChannel('terminal');
let service: RunningService;

function echo(controller: Botkit): void {
  controller.on('message', async (bot, message) => {
    await bot.reply(message, `echo: ${message.text}`);
  });
}

beforeAll(async () => {
  service = await startTestService({ mongodbUri: uri, channels: () => [channel.parts], registerFlows: echo });
});
afterAll(async () => {
  await service?.stop();
  await dropTestDatabase(uri);
});

describe('concurrent turns', () => {
  it('when many people write at the same moment, then every one of them is answered', async () => {
    const events: InboundEvent[] = Array.from({ length: 30 }, (_, i) => ({
      channel: 'terminal',
      eventId: `c-${i}`,
      userId: `p${i}`,
      timestamp: Date.now(),
      type: 'message',
      text: `hi ${i}`,
      raw: {},
    }));
    await Promise.all(events.map((e) => storeInboundEvents([e])));
    service.inboxWorker.wake();
    await waitUntil(() => channel.sent.length === 30, 20_000, '30 replies');
    expect(new Set(channel.sent.map((s) => s.recipientId)).size).toBe(30);
  }, 30_000);
});
