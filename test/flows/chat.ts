import { randomUUID } from 'node:crypto';
import type { InboundAttachment, InboundEvent, OutboundMessage, SubmittedInfo } from '../../src/channels/types.js';
import type { Channel } from '../../src/domain/vocabulary.js';
import { inboundEventKey } from '../../src/db/models/inbox-event.js';
import { InboxRecordModel } from '../../src/db/models/inbox-record.js';
import { storeInboundEvents } from '../../src/inbox/store.js';
import type { RunningService } from '../../src/service.js';
import { createTicketContext } from '../../src/services/tickets/index.js';
import { composeAnswerWithRating } from '../../flows/satisfaction.js';
import { afterAll, beforeAll } from 'vitest';
import { dropTestDatabase, testDatabaseUri } from '../support/database.js';
import { recordingChannel, waitUntil } from '../support/recording-channel.js';
import { startTestService } from '../support/service.js';

type Recorder = ReturnType<typeof recordingChannel>;

let sequence = 0;

/**
 * One person talking to the running service through a recording channel: each call delivers
 * one inbound event the way a webhook would (stored in the inbox), waits until the bot has
 * handled it and its replies went out, and returns those replies.
 */
export class Chat {
  constructor(
    private readonly service: RunningService,
    private readonly recorder: Recorder,
    readonly channel: Channel,
    readonly userId: string = `u-${randomUUID().slice(0, 8)}`,
  ) {}

  get contactKey(): string {
    return `${this.channel}:${this.userId}`;
  }

  /** Everything the bot sent this person so far. */
  all(): OutboundMessage[] {
    return this.recorder.sent.filter((s) => s.recipientId === this.userId).map((s) => s.message);
  }

  async deliver(partial: Omit<InboundEvent, 'channel' | 'eventId' | 'userId' | 'timestamp' | 'raw'>): Promise<OutboundMessage[]> {
    sequence += 1;
    const before = this.all().length;
    const event: InboundEvent = {
      channel: this.channel,
      eventId: `chat-${sequence}-${randomUUID()}`,
      userId: this.userId,
      timestamp: Date.now(),
      raw: { test: true },
      ...partial,
    };
    await storeInboundEvents([event]);
    this.service.inboxWorker.wake();
    await waitUntil(
      async () => {
        const stored = await InboxRecordModel.findById(inboundEventKey(this.channel, event.eventId), { status: 1 }).lean();
        return stored?.status === 'done' || stored?.status === 'dead';
      },
      15_000,
      `turn for ${partial.type} ${partial.payload ?? partial.text ?? ''}`,
    );
    await this.service.outboxWorker.idle(15_000);
    return this.all().slice(before);
  }

  say(text: string): Promise<OutboundMessage[]> {
    return this.deliver({ type: 'message', text });
  }

  /** Taps a choice: the payload comes back as a postback, with the title as its text. */
  tap(payload: string, title = payload): Promise<OutboundMessage[]> {
    return this.deliver({ type: 'postback', payload, text: title });
  }

  /** Taps the offered choice whose payload is `payload` (fails when the last message did not offer it). */
  async choose(replies: OutboundMessage[], payload: string): Promise<OutboundMessage[]> {
    const offered = choicesOf(replies).find((c) => c.payload === payload);
    if (!offered)
      throw new Error(
        `choice ${payload} was not offered; offered: ${choicesOf(replies)
          .map((c) => c.payload)
          .join(', ')}`,
      );
    return this.tap(offered.payload, offered.title);
  }

  attach(attachments: InboundAttachment[], text?: string): Promise<OutboundMessage[]> {
    return this.deliver({ type: 'message', attachments, text });
  }

  submit(info: SubmittedInfo): Promise<OutboundMessage[]> {
    return this.deliver({ type: 'submit_info', submittedInfo: info });
  }

  follow(): Promise<OutboundMessage[]> {
    return this.deliver({ type: 'follow' });
  }
}

/** The choices under the last of `replies`. */
function choicesOf(replies: OutboundMessage[]): { title: string; payload: string }[] {
  const last = replies[replies.length - 1];
  if (!last) return [];
  return [...(last.buttons ?? []).flatMap((b) => (b.type === 'postback' ? [{ title: b.title, payload: b.payload }] : [])), ...(last.quickReplies ?? [])];
}

/** The payloads offered under the last of `replies`. */
export function payloadsOf(replies: OutboundMessage[]): string[] {
  return choicesOf(replies).map((c) => c.payload);
}

/** All reply texts joined, for `toContain` checks. */
export function textOf(replies: OutboundMessage[]): string {
  return replies.map((r) => r.text).join('\n---\n');
}

export interface FlowTestService {
  service: RunningService;
  zalo: Recorder;
  messenger: Recorder;
  /** A new person on `channel`. */
  person(channel?: 'zalo' | 'messenger', userId?: string): Chat;
}

/**
 * Starts the real service (the project's flows and content, FerretDB) for one test file, with
 * recording Zalo and Messenger channels, and stops it and drops its database afterwards.
 */
export function useFlowService(label: string, options: { clock?: () => Date } = {}): FlowTestService {
  const zalo = recordingChannel('zalo');
  const messenger = recordingChannel('messenger');
  const uri = testDatabaseUri(label);
  const handle = {
    service: undefined as unknown as RunningService,
    zalo,
    messenger,
    person: (channel: 'zalo' | 'messenger' = 'zalo', userId?: string) => new Chat(handle.service, channel === 'zalo' ? zalo : messenger, channel, userId),
  };
  beforeAll(async () => {
    // The service's own ticket context, on the test's clock when it gives one.
    const tickets = createTicketContext({ composeAnswer: composeAnswerWithRating, clock: options.clock });
    handle.service = await startTestService({ mongodbUri: uri, channels: () => [zalo.parts, messenger.parts], tickets });
  });
  afterAll(async () => {
    await handle.service?.stop();
    await dropTestDatabase(uri);
  });
  return handle;
}
