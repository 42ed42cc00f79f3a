import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContactModel } from '../../src/db/models/contact.js';
import { BroadcastDeliveryModel } from '../../src/db/models/broadcast-delivery.js';
import type { ChannelPolicy } from '../../src/channels/types.js';
import { composeService } from '../../src/compose.js';
import { composeNews } from '../../src/news/compose.js';
import { dispatchNews } from '../../src/news/dispatch.js';
import type { RunningService } from '../../src/service.js';
import { Chat } from '../flows/chat.js';
import { office, TEST_RATES } from '../news/support.js';
import { dropTestDatabase, testDatabaseUri } from '../support/database.js';
import { recordingChannel } from '../support/recording-channel.js';
import { startTestService } from '../support/service.js';

/**
 * Collections whose size is the work in hand or what staff write, not what people send: any
 * filter may read them. Every other collection grows with each message (records of past
 * events and messages, transcripts, contacts, dialogs, tickets), so a turn may only insert
 * into it or address one document by `_id`: FerretDB reads a whole collection for any other
 * filter, and MongoDB needs an index for it. (`news_sending` holds the news items being sent
 * now; `console_events` a day of staff notifications; `counters` one document per counter.)
 */
const LIVE_OR_STAFF_WRITTEN = new Set(['inbox', 'outbox', 'leases', 'departments', 'routing_rules', 'news_sending', 'console_events', 'counters']);

interface Command {
  name: string;
  collection: string;
  filters: unknown[];
}

/** The filters a command selects documents with (none for an insert). */
function filtersOf(name: string, body: Record<string, unknown>): unknown[] {
  switch (name) {
    case 'find':
    case 'count':
    case 'distinct':
      return [body.filter ?? body.query ?? {}];
    case 'findAndModify':
      return [body.query ?? {}];
    case 'update':
      return (body.updates as { q: unknown }[]).map((u) => u.q);
    case 'delete':
      return (body.deletes as { q: unknown }[]).map((d) => d.q);
    case 'aggregate':
      return [body.pipeline];
    default:
      return [];
  }
}

/** True for `{ _id: <string or ObjectId> }` and nothing else: the one filter FerretDB finds without a scan. */
function isIdLookup(filter: unknown): boolean {
  if (!filter || typeof filter !== 'object') return false;
  const keys = Object.keys(filter);
  const id = (filter as { _id?: unknown })._id;
  return keys.length === 1 && keys[0] === '_id' && (typeof id === 'string' || id instanceof mongoose.Types.ObjectId);
}

function violations(commands: Command[]): string[] {
  return commands
    .filter((c) => !LIVE_OR_STAFF_WRITTEN.has(c.collection) && c.name !== 'insert' && !c.filters.every(isIdLookup))
    .map((c) => `${c.name} ${c.collection} ${JSON.stringify(c.filters)}`);
}

/**
 * The workers' and this test's looks for work (a poll of the inbox or the outbox, the wait for
 * the turn's record): how many there are depends on timing, not on the turn.
 */
function isLookForWork(c: Command): boolean {
  const filter = JSON.stringify(c.filters);
  if (c.name !== 'find') return false;
  if (c.collection === 'inbox_history') return true;
  if (c.collection === 'inbox') return filter === '[{"status":"pending"}]';
  if (c.collection === 'outbox') return filter.includes('nextAttemptAt');
  return false;
}

describe('the database commands of a turn', () => {
  const recorder = recordingChannel('zalo');
  const uri = testDatabaseUri('turn_commands');
  let service: RunningService;
  let recording: Command[] | undefined;

  beforeAll(async () => {
    service = await startTestService({ mongodbUri: uri, channels: () => [recorder.parts], features: (config) => composeService(config).features });
    mongoose.connection.getClient().on('commandStarted', (event) => {
      if (!recording || event.commandName === 'getMore' || event.commandName === 'endSessions') return;
      const body = event.command as Record<string, unknown>;
      const collection = String(body[event.commandName]);
      recording.push({ name: event.commandName, collection, filters: filtersOf(event.commandName, body) });
    });
  });
  afterAll(async () => {
    await service?.stop();
    await dropTestDatabase(uri);
  });

  /** Runs `act` and returns every command sent meanwhile, by every part of the service. */
  async function record(act: () => Promise<unknown>): Promise<Command[]> {
    recording = [];
    await act();
    const commands = recording;
    recording = undefined;
    return commands;
  }

  it('when a person asks a question, taps a menu item and types a numbered choice, then growing collections see only inserts and _id lookups', async () => {
    const chat = new Chat(service, recorder, 'zalo');
    await chat.say('xin chào');
    const commands = await record(async () => {
      await chat.say('thời hạn bảo hộ nhãn hiệu là bao lâu');
      await chat.tap('MENU');
      await chat.say('1');
    });
    // The turns did run: replies came back, and the commands include the reads and writes of a turn.
    expect(chat.all().length).toBeGreaterThanOrEqual(4);
    expect(commands.some((c) => c.collection === 'inbox_history' && c.name === 'update')).toBe(true);
    expect(commands.some((c) => c.collection === 'outbox_history' && c.name === 'insert')).toBe(true);
    expect(commands.some((c) => c.collection === 'contacts')).toBe(true);
    expect(violations(commands)).toEqual([]);
  });

  it('when a person asks a plain question, then the turn costs no more database commands than it did when last measured', async () => {
    const chat = new Chat(service, recorder, 'zalo');
    await chat.say('xin chào');
    const commands = await record(async () => {
      await chat.say('thời hạn bảo hộ nhãn hiệu là bao lâu');
      await service.inboxWorker.idle();
    });
    const turn = commands.filter((c) => !isLookForWork(c));
    expect(chat.all().length).toBeGreaterThanOrEqual(2);
    // 16 when last measured: the webhook's 2 inserts; the person's lease taken and given back;
    // the event read again by _id; the contact written once for the message (which returns it,
    // dialog state included) and once for the replies; the console and news gates' 2 reads;
    // the dialog state (an offer of answers) written on the contact; the unanswered question
    // counted; the reply's record and the transcript lines (the person's line with them)
    // inserted; the reply sent at once and its record settled; the event settled (2). With
    // dialog state in a collection of its own: 17; with a queue entry per reply, read and
    // settled by the inbox worker: 20; before the replies were sent by the inbox worker: 27.
    expect(turn.length).toBeLessThanOrEqual(16);
    // A reply sent at once never enters the outbox queue.
    expect(turn.filter((c) => c.collection === 'outbox')).toEqual([]);
  });

  it('when a person with a news item waiting for them writes, then they get it, and growing collections see only inserts and _id lookups', async () => {
    const chat = new Chat(service, recorder, 'zalo');
    await chat.say('xin chào');
    await ContactModel.updateOne({ _id: chat.contactKey }, { $set: { subscriptions: ['do-luong'] } });
    const title = 'Quy định mới về cân điện tử';
    const item = await composeNews(
      { topic: 'do-luong', title, text: 'Nội dung.', scheduledAt: new Date(), expiresAt: new Date(Date.now() + 86_400_000) },
      office,
    );
    // The window is closed when the item goes out: the person's copy waits for their next message.
    const closed: ChannelPolicy = { channel: 'zalo', decide: () => ({ allowed: false, code: 'window_closed', reason: 'closed for the test' }) };
    await dispatchNews({ policies: { zalo: closed }, rates: TEST_RATES, wakeOutbox: () => service.outboxWorker.wake() });
    expect((await BroadcastDeliveryModel.findById(`${item.id}:${chat.contactKey}`).lean())?.status).toBe('waiting');

    const commands = await record(async () => {
      await chat.say('thời hạn bảo hộ nhãn hiệu là bao lâu');
      await service.inboxWorker.idle();
    });
    expect(chat.all().some((m) => m.text.includes(title))).toBe(true);
    expect((await BroadcastDeliveryModel.findById(`${item.id}:${chat.contactKey}`).lean())?.status).toBe('queued');
    expect(violations(commands)).toEqual([]);
  });

  it("when a person writes for the first time that day, then the reports' tally of people who wrote costs one insert and no search", async () => {
    const chat = new Chat(service, recorder, 'zalo');
    const first = await record(async () => {
      await chat.say('xin chào');
      await service.inboxWorker.idle();
    });
    const again = await record(async () => {
      await chat.say('xin chào');
      await service.inboxWorker.idle();
    });
    expect(chat.all().length).toBeGreaterThanOrEqual(2);
    expect(violations(first)).toEqual([]);
    expect(first.filter((c) => c.collection === 'tally_changes')).toEqual([{ name: 'insert', collection: 'tally_changes', filters: [] }]);
    expect(again.filter((c) => c.collection === 'tally_changes')).toEqual([]);
  });

  it('when a question becomes a ticket and the person looks it up, then growing collections see only inserts and _id lookups', async () => {
    const chat = new Chat(service, recorder, 'zalo');
    await chat.say('xin chào');
    let code = '';
    const commands = await record(async () => {
      const start = await chat.tap('ASK');
      await chat.choose(start, 'ASK_TOPIC:do-luong');
      await chat.say('Cân điện tử bán hàng ở chợ bao lâu phải kiểm định một lần?');
      const attach = await chat.tap('DONE');
      const consent = await chat.choose(attach, 'SKIP');
      const summary = await chat.choose(consent, 'CONSENT_NO');
      const done = await chat.choose(summary, 'SEND');
      code = /KHCN-\d{4}-\d{5}/.exec(done.map((m) => m.text).join('\n'))?.[0] ?? '';
      const list = await chat.tap('TRACK');
      await chat.choose(list, `TICKET:${code}`);
      await chat.say(code);
    });
    expect(code).toMatch(/^KHCN-/);
    expect(chat.all().at(-1)!.text).toContain(code);
    expect(commands.some((c) => c.collection === 'tickets' && c.name === 'insert')).toBe(true);
    expect(violations(commands)).toEqual([]);
  });
});
