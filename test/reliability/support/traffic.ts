import { randomBytes } from 'node:crypto';
import { buildPostbackItem, buildTextItem, buildWebhookBody, signMessengerBody } from '../../fakes/messenger/server.js';
import { FAKE_ZALO_OA_SECRET_KEY, signedZaloRequest, zaloTextEvent } from '../../fakes/zalo/server.js';
import { toQueryPayload } from '../../../src/channels/zalo/render.js';

export type Platform = 'zalo' | 'messenger';

export interface Person {
  platform: Platform;
  userId: string;
}

/** What a person sends: typed text, or a button tap carrying a payload. */
export type Said = { text: string } | { payload: string };

/** One inbound event as a platform would deliver it: the exact signed bytes, built once. */
interface SignedEvent {
  person: Person;
  /** The platform's event id (Zalo `msg_id`, Messenger `mid`). */
  eventId: string;
  said: Said;
  path: string;
  rawBody: Buffer;
  headers: Record<string, string>;
}

interface Secrets {
  zaloOaSecretKey?: string;
  messengerAppSecret?: string;
}

/** Builds and signs one event for `person`, with a fresh id and the current time. */
function signedEvent(person: Person, said: Said, secrets: Secrets = {}): SignedEvent {
  if (person.platform === 'zalo') {
    const eventId = randomBytes(10).toString('hex');
    const text = 'text' in said ? said.text : toQueryPayload(said.payload);
    const event = zaloTextEvent({ userId: person.userId, text, msgId: eventId });
    const { rawBody, headers } = signedZaloRequest(event, secrets.zaloOaSecretKey ?? FAKE_ZALO_OA_SECRET_KEY);
    return { person, eventId, said, path: '/webhooks/zalo', rawBody, headers };
  }
  const eventId = `m_${randomBytes(12).toString('base64url')}`;
  const item =
    'text' in said
      ? buildTextItem({ psid: person.userId, text: said.text, mid: eventId })
      : buildPostbackItem({ psid: person.userId, payload: said.payload, title: said.payload, mid: eventId });
  const rawBody = Buffer.from(JSON.stringify(buildWebhookBody([item])), 'utf8');
  const headers = { 'content-type': 'application/json', 'x-hub-signature-256': signMessengerBody(rawBody, secrets.messengerAppSecret ?? 'fake-app-secret') };
  return { person, eventId, said, path: '/webhooks/messenger', rawBody, headers };
}

/** How one event's delivery went, attempt by attempt (status 0: no HTTP answer at all). */
export interface Delivery {
  event: SignedEvent;
  /** Position in the person's own sequence, from 0. */
  seq: number;
  statuses: number[];
  /** When each attempt was made and answered (ms since the epoch). */
  startedAt: number[];
  answeredAt: number[];
  acked: boolean;
}

export interface TrafficOptions {
  people: Person[];
  /** Events per second across everyone. */
  ratePerSecond: number;
  /** What person's `k`-th message says. */
  say: (person: Person, k: number) => Said;
  /** The base URL for one attempt of a delivery (`attempt` counts from 0), so deliveries may alternate between instances. */
  target: (delivery: Delivery, attempt: number) => string;
  secrets?: Secrets;
  /** Wait before re-sending a non-2xx delivery, as the platforms do. Default 250 ms. */
  retryDelayMs?: number;
  /** Per-attempt HTTP timeout. Default 10 s. */
  attemptTimeoutMs?: number;
}

/**
 * Steady webhook traffic from the fake platforms: one event every 1/rate seconds, people in
 * turn. Each person's events are delivered one after another (the next only once the previous
 * was acknowledged), and every non-2xx answer or network failure is delivered again after a
 * short wait, exactly the same bytes, until it is acknowledged or {@link stop} gives up.
 */
export class Traffic {
  readonly deliveries: Delivery[] = [];
  private readonly chains = new Map<string, Promise<void>>();
  private readonly counts = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private next = 0;
  private giveUpAt = Infinity;

  constructor(private readonly options: TrafficOptions) {}

  start(): void {
    const interval = 1000 / this.options.ratePerSecond;
    this.timer = setInterval(() => this.emit(), interval);
  }

  /** Stops making new events, then waits (up to `deadlineMs`) until every one was acknowledged. */
  async stop(deadlineMs = 30_000): Promise<void> {
    clearInterval(this.timer);
    this.giveUpAt = Date.now() + deadlineMs;
    await Promise.all([...this.chains.values()]);
  }

  /** Sends one event now (outside the steady rate), in the person's sequence. */
  send(person: Person, said?: Said): Delivery {
    const key = `${person.platform}:${person.userId}`;
    const k = this.counts.get(key) ?? 0;
    this.counts.set(key, k + 1);
    const event = signedEvent(person, said ?? this.options.say(person, k), this.options.secrets);
    const delivery: Delivery = { event, seq: k, statuses: [], startedAt: [], answeredAt: [], acked: false };
    this.deliveries.push(delivery);
    const previous = this.chains.get(key) ?? Promise.resolve();
    this.chains.set(
      key,
      previous.then(() => this.deliver(delivery)),
    );
    return delivery;
  }

  /** Counts of answers by HTTP status (0 = no answer), over every attempt. */
  statusCounts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const d of this.deliveries) for (const s of d.statuses) counts[s] = (counts[s] ?? 0) + 1;
    return counts;
  }

  private emit(): void {
    const person = this.options.people[this.next % this.options.people.length]!;
    this.next += 1;
    this.send(person);
  }

  private async deliver(delivery: Delivery): Promise<void> {
    const { event } = delivery;
    while (Date.now() < this.giveUpAt) {
      let status: number;
      const startedAt = Date.now();
      try {
        const res = await fetch(`${this.options.target(delivery, delivery.statuses.length)}${event.path}`, {
          method: 'POST',
          headers: event.headers,
          body: new Uint8Array(event.rawBody),
          signal: AbortSignal.timeout(this.options.attemptTimeoutMs ?? 10_000),
        });
        status = res.status;
        await res.arrayBuffer();
      } catch {
        status = 0;
      }
      delivery.statuses.push(status);
      delivery.startedAt.push(startedAt);
      delivery.answeredAt.push(Date.now());
      if (status >= 200 && status < 300) {
        delivery.acked = true;
        return;
      }
      await new Promise((r) => setTimeout(r, this.options.retryDelayMs ?? 250));
    }
  }
}

/** Makes `count` people per platform with ids in each platform's shape. */
export function makePeople(count: number, platforms: Platform[] = ['zalo', 'messenger']): Person[] {
  const people: Person[] = [];
  const run = randomBytes(3).toString('hex');
  for (const platform of platforms) {
    for (let i = 0; i < count; i += 1) {
      const n = `${parseInt(run, 16)}${String(i).padStart(4, '0')}`.padStart(12, '0');
      people.push({ platform, userId: platform === 'zalo' ? `84${n.padStart(17, '0')}` : `71${n.padStart(14, '0')}` });
    }
  }
  return people;
}
