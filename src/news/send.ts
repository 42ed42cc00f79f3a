import type { ChannelPolicy } from '../channels/types.js';
import { findByIds } from '../db/by-id.js';
import { BroadcastDeliveryModel } from '../db/models/broadcast-delivery.js';
import { BroadcastModel } from '../db/models/broadcast.js';
import { ContactModel, type Contact } from '../db/models/contact.js';
import type { Channel, Language } from '../domain/vocabulary.js';
import { enqueueMessage } from '../outbox/enqueue.js';
import type { WakeOutbox } from '../outbox/wake.js';
import { composeNewsMessage, newsOutboxKey } from './message.js';
import { RatePacer } from './pacer.js';
import type { NewsRates } from './rates.js';
import type { BroadcastRecord } from './record.js';

export interface SendPlannedOptions {
  policies: Partial<Record<Channel, ChannelPolicy>>;
  /** One pacer per channel, shared by every item sent in this run. */
  pacers: Map<Channel, RatePacer>;
  rates: NewsRates;
  signal?: AbortSignal;
  now?: () => Date;
  /** The service's outbox wake-up, told of the messages queued. */
  wakeOutbox: WakeOutbox;
  /** Deliveries looked at per round. Default 500. */
  batchSize?: number;
}

export interface SendCounts {
  queued: number;
  waiting: number;
  cancelled: number;
  failed: number;
}

interface Pending {
  id: string;
  contactKey: string;
  language: Language;
}

/** The pacer of a channel, created on first use at the channel's rate. */
function pacerFor(pacers: Map<Channel, RatePacer>, rates: NewsRates, channel: Channel): RatePacer {
  let pacer = pacers.get(channel);
  if (!pacer) {
    pacer = new RatePacer(rates[channel]);
    pacers.set(channel, pacer);
  }
  return pacer;
}

/**
 * Looks at every planned delivery of the item once. Where the channel's window allows a
 * broadcast now (the channel policy's `decide`), the message is queued in the outbox under
 * `news:<broadcastId>:<contactKey>` (so a crash between queueing and recording never makes a
 * second copy) at no more than the channel's rate; otherwise the delivery waits for the
 * person's next contact, with the window's reason. People who unsubscribed meanwhile are
 * skipped. Stops at the next person when `signal` is aborted, or when staff withdraw the item
 * (checked every quarter of a second); what is left stays planned.
 */
export async function sendPlanned(broadcast: BroadcastRecord, options: SendPlannedOptions): Promise<SendCounts> {
  const now = options.now ?? (() => new Date());
  const batchSize = options.batchSize ?? 500;
  const counts: SendCounts = { queued: 0, waiting: 0, cancelled: 0, failed: 0 };
  const live = liveCheck(broadcast.id, options.signal);
  // One cursor over the planned deliveries (no sort, no repeated queries): a single pass however many there are.
  const cursor = BroadcastDeliveryModel.find({ broadcastId: broadcast.id, status: 'planned' }, { contactKey: 1, channel: 1 }).lean().cursor({ batchSize });
  let batch: PlannedRow[] = [];
  try {
    for await (const row of cursor) {
      batch.push(row);
      if (batch.length < batchSize) continue;
      if (!(await live())) return counts;
      await sendBatch(broadcast, batch, options, counts, now, live);
      batch = [];
    }
    if (batch.length > 0 && (await live())) await sendBatch(broadcast, batch, options, counts, now, live);
    return counts;
  } finally {
    await cursor.close();
  }
}

/**
 * Whether sending may go on: not aborted, and the item still `sending` (staff may withdraw it
 * meanwhile). The item is read at most every 250 ms.
 */
function liveCheck(broadcastId: string, signal: AbortSignal | undefined): () => Promise<boolean> {
  let checkedAt = 0;
  let sending = true;
  return async () => {
    if (signal?.aborted) return false;
    if (sending && Date.now() - checkedAt >= 250) {
      checkedAt = Date.now();
      sending = (await BroadcastModel.findById(broadcastId, { status: 1 }).lean())?.status === 'sending';
    }
    return sending;
  };
}

interface PlannedRow {
  _id: string;
  contactKey: string;
  channel: string;
}

/** Decides and sends one batch of planned deliveries; see {@link sendPlanned}. */
async function sendBatch(
  broadcast: BroadcastRecord,
  batch: PlannedRow[],
  options: SendPlannedOptions,
  counts: SendCounts,
  now: () => Date,
  live: () => Promise<boolean>,
): Promise<void> {
  const contacts = await findByIds<Contact>(
    ContactModel,
    batch.map((d) => d.contactKey),
    { key: 1, lastInboundAt: 1, subscriptions: 1, language: 1, erasedAt: 1, followState: 1 },
  );
  const contactByKey = new Map(contacts.map((c) => [c.key, c]));
  const at = now();

  const cancelled: string[] = [];
  const waiting = new Map<string, { reason: string; ids: string[] }>();
  const failed: string[] = [];
  const ready = new Map<Channel, Pending[]>();
  for (const delivery of batch) {
    const contact = contactByKey.get(delivery.contactKey);
    if (!contact || contact.erasedAt || contact.followState === 'unfollowed' || !(contact.subscriptions ?? []).includes(broadcast.topic)) {
      cancelled.push(delivery._id);
      continue;
    }
    const channel = delivery.channel as Channel;
    const policy = options.policies[channel];
    if (!policy) {
      failed.push(delivery._id);
      continue;
    }
    const decision = policy.decide({ purpose: 'broadcast', lastInboundAt: contact.lastInboundAt ?? undefined, now: at });
    if (!decision.allowed) {
      const group = waiting.get(decision.code) ?? { reason: decision.reason, ids: [] };
      group.ids.push(delivery._id);
      waiting.set(decision.code, group);
      continue;
    }
    const list = ready.get(channel) ?? [];
    list.push({ id: delivery._id, contactKey: delivery.contactKey, language: contact.language ?? 'vi' });
    ready.set(channel, list);
  }

  if (cancelled.length > 0) {
    const r = await BroadcastDeliveryModel.updateMany(
      { _id: { $in: cancelled }, status: 'planned' },
      {
        $set: {
          status: 'cancelled',
          updatedAt: at,
          outcome: { code: 'not_subscribed', reason: 'The person unsubscribed, unfollowed or had their data erased before the item was sent.' },
        },
      },
    );
    counts.cancelled += r.modifiedCount;
  }
  if (failed.length > 0) {
    const r = await BroadcastDeliveryModel.updateMany(
      { _id: { $in: failed }, status: 'planned' },
      { $set: { status: 'failed', updatedAt: at, outcome: { code: 'channel_off', reason: 'This channel is not configured on this server.' } } },
    );
    counts.failed += r.modifiedCount;
  }
  for (const [code, group] of waiting) {
    const r = await BroadcastDeliveryModel.updateMany(
      { _id: { $in: group.ids }, status: 'planned' },
      { $set: { status: 'waiting', updatedAt: at, outcome: { code, reason: group.reason } } },
    );
    counts.waiting += r.modifiedCount;
  }
  // Channels are paced independently: a slow Zalo rate does not hold back Messenger.
  await Promise.all(
    [...ready].map(async ([channel, list]) => {
      const pacer = pacerFor(options.pacers, options.rates, channel);
      for (const item of list) {
        if (!(await pacer.wait(options.signal)) || !(await live())) return;
        const key = newsOutboxKey(broadcast.id, item.contactKey);
        await enqueueMessage(
          { contactKey: item.contactKey, purpose: 'broadcast', key, broadcastId: broadcast.id, message: composeNewsMessage(broadcast, item.language) },
          options.wakeOutbox,
          now(),
        );
        // By `_id` alone (any other filter reads every delivery ever planned on FerretDB): the
        // message is in the outbox now, so `queued` is true whoever else looked at this copy;
        // settling moves it on from there.
        const r = await BroadcastDeliveryModel.updateOne({ _id: item.id }, { $set: { status: 'queued', via: 'scheduled', outboxKey: key, updatedAt: now() } });
        counts.queued += r.modifiedCount;
      }
    }),
  );
}
