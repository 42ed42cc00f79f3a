import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BotkitConversation, type Botkit } from 'botkit';
import { ChannelSendError } from '../../src/channels/errors.js';
import type { InboundEvent } from '../../src/channels/types.js';
import { InboxEventModel } from '../../src/db/models/inbox-event.js';
import { InboxRecordModel } from '../../src/db/models/inbox-record.js';
import { OutboxMessageModel, OutboxRecordModel } from '../../src/db/models/outbox-message.js';
import { ContactModel } from '../../src/db/models/contact.js';
import { storeInboundEvents } from '../../src/inbox/store.js';
import type { RunningService } from '../../src/service.js';
import { dropTestDatabase, testDatabaseUri } from '../support/database.js';
import { recordingChannel, waitUntil } from '../support/recording-channel.js';
import { startTestService } from '../support/service.js';
import { t } from '../../src/i18n.js';
import { connectDatabase, disconnectDatabase } from '../../src/db/connect.js';

const db = { uri: testDatabaseUri('runtime') };
const channel = recordingChannel('terminal');
let service: RunningService;
let seq = 0;

function textEvent(userId: string, text: string, extra: Partial<InboundEvent> = {}): InboundEvent {
  seq += 1;
  return { channel: 'terminal', eventId: `ev-${seq}-${Math.random()}`, userId, timestamp: Date.now() + seq, type: 'message', text, raw: { text }, ...extra };
}

/** Test flows: an echo, a two-step dialog, and a handler that throws. */
function testFlows(controller: Botkit): void {
  const dialog = new BotkitConversation('name-dialog', controller);
  dialog.ask('What is your name?', async () => {}, 'name');
  dialog.say('Thanks {{vars.name}}');
  controller.addDialog(dialog);
  controller.hears('start', 'message', async (bot) => {
    await bot.beginDialog('name-dialog');
  });
  controller.hears('boom', 'message', () => Promise.reject(new Error('flow bug')));
  controller.on('message', async (bot, message) => {
    await bot.reply(message, `echo: ${message.text}`);
  });
}

beforeAll(async () => {
  service = await startTestService({ mongodbUri: db.uri, channels: () => [channel.parts], registerFlows: testFlows });
});
afterAll(async () => {
  await service?.stop();
  await dropTestDatabase(db.uri);
});
beforeEach(() => {
  channel.sent.length = 0;
});

async function deliver(...events: InboundEvent[]) {
  // As the webhook does: a short hold keeps one person's parallel deliveries in order.
  const result = await storeInboundEvents(events, { reorderWindowMs: 150 });
  service.inboxWorker.wakeAfter(150);
  return result;
}

describe('bot runtime', () => {
  it('when the same event is delivered twice, then the person gets one reply', async () => {
    const event = textEvent('dup', 'xin chào');
    expect(await deliver(event)).toEqual({ stored: 1, duplicates: 0 });
    expect(await deliver(event)).toEqual({ stored: 0, duplicates: 1 });
    await waitUntil(() => channel.textsTo('dup').length >= 1, 10_000, 'reply');
    await service.inboxWorker.idle();
    await service.outboxWorker.idle();
    expect(channel.textsTo('dup')).toEqual(['echo: xin chào']);
  });

  it('when many messages of one person arrive at once, then they are answered one at a time, in order', async () => {
    const events = Array.from({ length: 15 }, (_, i) => textEvent('order', `tin ${i}`));
    await Promise.all(events.map((e) => deliver(e)));
    await waitUntil(() => channel.textsTo('order').length === 15, 20_000, '15 replies');
    expect(channel.textsTo('order')).toEqual(events.map((e) => `echo: ${e.text}`));
  });

  it("when the reply to a person's message waits for a retry, then the reply to their next message waits behind it", async () => {
    channel.failNext(new ChannelSendError('terminal', '-32', 'rate limited', { retryable: true, retryAfterMs: 10 }));
    await deliver(textEvent('behind', 'một'));
    await waitUntil(async () => (await OutboxMessageModel.findOne({ contactKey: 'terminal:behind' }).lean())?.attempts.length === 1, 10_000, 'failed send');
    await deliver(textEvent('behind', 'hai'));
    await waitUntil(() => channel.textsTo('behind').length === 2, 20_000, 'both replies');
    expect(channel.textsTo('behind')).toEqual(['echo: một', 'echo: hai']);
  });

  it('when a dialog spans several turns, then its state is kept in the database between them', async () => {
    await deliver(textEvent('dialog', 'start'));
    await waitUntil(() => channel.textsTo('dialog').length === 1, 10_000, 'question');
    await deliver(textEvent('dialog', 'Lan'));
    await waitUntil(() => channel.textsTo('dialog').length === 2, 10_000, 'thanks');
    expect(channel.textsTo('dialog')).toEqual(['What is your name?', 'Thanks Lan']);
  });

  it('when a flow throws, then the person gets an apology and the menu, and the process goes on', async () => {
    await deliver(textEvent('boom', 'boom'));
    await waitUntil(() => channel.textsTo('boom').length === 1, 10_000, 'apology');
    const [apology] = channel.sent.filter((s) => s.recipientId === 'boom');
    expect(apology!.message.text).toBe(t('vi', 'common:apology'));
    expect(apology!.message.quickReplies?.[0]?.payload).toBe('MENU');
    await deliver(textEvent('boom', 'still there?'));
    await waitUntil(() => channel.textsTo('boom').length === 2, 10_000, 'next reply');
    expect(channel.textsTo('boom')[1]).toBe('echo: still there?');
  });

  it('when a person writes, then a contact is created with the time of their last message', async () => {
    const event = textEvent('contact', 'hello', { displayName: 'Nguyễn Văn An' });
    await deliver(event);
    await waitUntil(async () => (await ContactModel.countDocuments({ key: 'terminal:contact' })) === 1, 10_000, 'contact');
    const contact = await ContactModel.findOne({ key: 'terminal:contact' }).lean();
    expect(contact?.displayName).toBe('Nguyễn Văn An');
    expect(contact?.lastInboundAt?.getTime()).toBe(event.timestamp);
    expect(contact?.language).toBe('vi');
  });

  it('when the service restarts between a stored event and its turn, then the event is still answered', async () => {
    await service.stop();
    const event = textEvent('restart', 'sau khi khởi động lại');
    // Stored while no worker runs (as if the process died right after acknowledging).
    await connectDatabase(db.uri);
    await storeInboundEvents([event]);
    await disconnectDatabase();
    service = await startTestService({ mongodbUri: db.uri, channels: () => [channel.parts], registerFlows: testFlows });
    await waitUntil(() => channel.textsTo('restart').length === 1, 15_000, 'reply after restart');
    await waitUntil(async () => (await InboxRecordModel.countDocuments({ eventId: event.eventId, status: 'done' })) === 1, 10_000, 'event recorded as handled');
    expect(await InboxEventModel.countDocuments({})).toBe(0);
    expect(await OutboxRecordModel.countDocuments({ contactKey: 'terminal:restart' })).toBe(1);
  });
});
