import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Botkit } from 'botkit';
import type { InboundEvent } from '../../src/channels/types.js';
import { inboundEventKey } from '../../src/db/models/inbox-event.js';
import { InboxRecordModel } from '../../src/db/models/inbox-record.js';
import { OutboxMessageModel, OutboxRecordModel } from '../../src/db/models/outbox-message.js';
import { storeInboundEvents } from '../../src/inbox/store.js';
import { createOutboxDelivery } from '../../src/outbox/deliver.js';
import type { RunningService } from '../../src/service.js';
import { dropTestDatabase, testDatabaseUri } from '../support/database.js';
import { recordingChannel, waitUntil } from '../support/recording-channel.js';
import { startTestService } from '../support/service.js';

const db = { uri: testDatabaseUri('replies_crash') };
const channel = recordingChannel('terminal');
let service: RunningService;

/** Every message is answered with two replies. */
function twoReplies(controller: Botkit): void {
  controller.on('message', async (bot, message) => {
    await bot.say(`một: ${message.text}`);
    await bot.say(`hai: ${message.text}`);
  });
}

const start = () => startTestService({ mongodbUri: db.uri, channels: () => [channel.parts], registerFlows: twoReplies });

beforeAll(async () => {
  service = await start();
});
afterAll(async () => {
  await service?.stop();
  await dropTestDatabase(db.uri);
});

describe('a process that dies between a turn and the sending of its replies', () => {
  it.each([0, 1, 2])(
    'when %i of the two replies were sent before the process died, then after the restart the person has each reply once, in order',
    async (sentBeforeCrash) => {
      const userId = `crash-${sentBeforeCrash}`;
      const event: InboundEvent = { channel: 'terminal', eventId: `ev-${userId}`, userId, timestamp: Date.now(), type: 'message', text: 'xin chào', raw: {} };
      // The workers stand still, so the turn below is the only one, and nothing sends its replies.
      await service.inboxWorker.stop();
      await service.outboxWorker.stop();
      await storeInboundEvents([event]);
      const id = inboundEventKey(event.channel, event.eventId);
      // The turn ran and stored its replies; the process then sent some of them and died
      // before settling the event.
      const outcome = await service.runtime.handleInbound({ id, event, attempts: 0 });
      const replies = outcome?.replies?.toSend ?? [];
      expect(replies.map((r) => r.message.text)).toEqual(['một: xin chào', 'hai: xin chào']);
      const delivery = createOutboxDelivery({
        clients: { terminal: channel.parts.client },
        policies: { terminal: channel.parts.policy },
        maxAttempts: 3,
        leaseMs: 4_000,
      });
      await delivery.sendReplies(replies.slice(0, sentBeforeCrash), outcome?.contact);
      expect(channel.textsTo(userId)).toHaveLength(sentBeforeCrash);

      await service.stop();
      service = await start();

      await waitUntil(
        async () => (await InboxRecordModel.findById(id, { status: 1 }).lean())?.status === 'done',
        15_000,
        'the event handled after the restart',
      );
      await service.outboxWorker.idle();
      expect(channel.textsTo(userId)).toEqual(['một: xin chào', 'hai: xin chào']);
      const records = await OutboxRecordModel.find({ contactKey: `terminal:${userId}` }, { status: 1 }).lean();
      expect(records.map((r) => r.status)).toEqual(['sent', 'sent']);
      expect(await OutboxMessageModel.countDocuments({ contactKey: `terminal:${userId}` })).toBe(0);
    },
    30_000,
  );
});
