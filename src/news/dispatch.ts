import type { ChannelPolicy } from '../channels/types.js';
import { BroadcastDeliveryModel } from '../db/models/broadcast-delivery.js';
import { BroadcastModel } from '../db/models/broadcast.js';
import type { Channel } from '../domain/vocabulary.js';
import type { Logger } from '../log.js';
import type { WakeOutbox } from '../outbox/wake.js';
import { withdrawBroadcastMessages } from '../outbox/withdrawals.js';
import type { RatePacer } from './pacer.js';
import { planDeliveries } from './plan.js';
import type { NewsRates } from './rates.js';
import { toBroadcastRecord, type BroadcastDoc, type BroadcastRecord } from './record.js';
import { sendPlanned } from './send.js';
import { syncSendingList } from './sending-list.js';
import { EXPIRED_BEFORE_SENT, hasPendingMessages, reconcileQueued, WITHDRAWN_BY_STAFF } from './settle.js';

export interface DispatchOptions {
  policies: Partial<Record<Channel, ChannelPolicy>>;
  rates: NewsRates;
  signal?: AbortSignal;
  now?: () => Date;
  /** The service's outbox wake-up, told of the messages queued and withdrawn. */
  wakeOutbox: WakeOutbox;
  log?: Logger;
  /** Subscribers read and written per batch while planning. Default 1,000. */
  planBatchSize?: number;
}

export interface DispatchCounts {
  planned: number;
  queued: number;
  waiting: number;
  sent: number;
  failed: number;
  expired: number;
  cancelled: number;
  finished: number;
}

/**
 * One pass over the news items: plans deliveries for every item whose time has come, sends
 * to each person whose window is open (throttled per channel), records what the outbox did
 * with earlier sends, and expires what is left of items past their expiry (including
 * messages still waiting in the outbox). An item is finished once it has expired and
 * nothing of it is in flight. Safe to interrupt at any point and run again: nobody gets an
 * item twice, and everyone planned is looked at.
 */
export async function dispatchNews(options: DispatchOptions): Promise<DispatchCounts> {
  const now = options.now ?? (() => new Date());
  const counts: DispatchCounts = { planned: 0, queued: 0, waiting: 0, sent: 0, failed: 0, expired: 0, cancelled: 0, finished: 0 };
  const pacers = new Map<Channel, RatePacer>();

  const due = await BroadcastModel.find({ status: { $in: ['scheduled', 'planning'] }, scheduledAt: { $lte: now() } })
    .sort({ scheduledAt: 1 })
    .lean<BroadcastDoc[]>();
  for (const doc of due) {
    if (options.signal?.aborted) return counts;
    const item = toBroadcastRecord(doc);
    if (item.expiresAt.getTime() <= now().getTime()) {
      // Expired before its turn came (the service was down): nobody gets it late.
      await BroadcastModel.updateOne({ _id: item.id, status: { $in: ['scheduled', 'planning'] } }, { $set: { status: 'done', doneAt: now() } });
      options.log?.warn({ broadcastId: item.id }, 'news item expired before it could be sent; nothing was sent');
      counts.finished += 1;
      continue;
    }
    await BroadcastModel.updateOne({ _id: item.id, status: 'scheduled' }, { $set: { status: 'planning', planStartedAt: now() } });
    const targeted = await planDeliveries(item, now(), { batchSize: options.planBatchSize, signal: options.signal });
    if (targeted === undefined) return counts;
    const started = await BroadcastModel.updateOne({ _id: item.id, status: 'planning' }, { $set: { status: 'sending', plannedAt: now(), targeted } });
    if (started.matchedCount === 0 && (await BroadcastModel.findById(item.id, { status: 1 }).lean())?.status === 'cancelled') {
      // Withdrawn by staff while planning ran: what planning added after the withdrawal goes nowhere.
      await BroadcastDeliveryModel.updateMany(
        { broadcastId: item.id, status: 'planned' },
        { $set: { status: 'cancelled', updatedAt: now(), outcome: WITHDRAWN_BY_STAFF } },
      );
      continue;
    }
    counts.planned += targeted;
    options.log?.info({ broadcastId: item.id, topic: item.topic, targeted }, 'news deliveries planned');
  }

  // Withdrawn items: settle what was already handed to the outbox, then leave them.
  const withdrawn = await BroadcastModel.find({ status: 'cancelled', doneAt: { $exists: false } }, { _id: 1 }).lean();
  for (const doc of withdrawn) {
    const id = doc._id.toString();
    // Again on every pass: the request that withdrew it may have died before it got this far.
    await withdrawBroadcastMessages(id, WITHDRAWN_BY_STAFF, now(), options.wakeOutbox);
    // Read before reconciling, so the last reconcile sees every message of the item settled.
    const outboxBusy = await hasPendingMessages(id);
    const settled = await reconcileQueued(id, now(), { withdrawn: true });
    counts.sent += settled.sent;
    counts.failed += settled.failed;
    counts.cancelled += settled.cancelled;
    // Held ones will not be delivered at next contact any more.
    await BroadcastDeliveryModel.updateMany(
      { broadcastId: id, status: { $in: ['planned', 'waiting'] } },
      { $set: { status: 'cancelled', updatedAt: now(), outcome: WITHDRAWN_BY_STAFF } },
    );
    const inFlight = await BroadcastDeliveryModel.countDocuments({ broadcastId: id, status: { $in: ['queued', 'claimed'] } });
    if (inFlight === 0 && !outboxBusy) await BroadcastModel.updateOne({ _id: id, status: 'cancelled' }, { $set: { doneAt: now() } });
  }

  const sending = (await BroadcastModel.find({ status: 'sending' }).sort({ scheduledAt: 1 }).lean<BroadcastDoc[]>()).map(toBroadcastRecord);
  // Before anything is sent: a person the sender finds with a closed window waits for the
  // news gate, which looks only at this list.
  await syncSendingList(sending);
  for (const item of sending) {
    if (options.signal?.aborted) return counts;
    const settled = await reconcileQueued(item.id, now());
    counts.sent += settled.sent;
    counts.failed += settled.failed;
    counts.waiting += settled.waiting;
    if (item.expiresAt.getTime() <= now().getTime()) {
      counts.expired += await expireItem(item, now(), options.wakeOutbox);
      continue;
    }
    const sent = await sendPlanned(item, {
      policies: options.policies,
      pacers,
      rates: options.rates,
      signal: options.signal,
      now,
      wakeOutbox: options.wakeOutbox,
    });
    counts.queued += sent.queued;
    counts.waiting += sent.waiting;
    counts.failed += sent.failed;
    counts.cancelled += sent.cancelled;
  }
  return counts;
}

/** Expires what is left of an item past its expiry and finishes it once nothing is in flight. */
async function expireItem(item: BroadcastRecord, now: Date, wakeOutbox: WakeOutbox): Promise<number> {
  const left = await BroadcastDeliveryModel.updateMany(
    // A claim older than a few minutes belongs to a turn that never finished.
    {
      broadcastId: item.id,
      $or: [{ status: { $in: ['planned', 'waiting'] } }, { status: 'claimed', updatedAt: { $lt: new Date(now.getTime() - 10 * 60_000) } }],
    },
    { $set: { status: 'expired', updatedAt: now, outcome: EXPIRED_BEFORE_SENT } },
  );
  await withdrawBroadcastMessages(item.id, EXPIRED_BEFORE_SENT, now, wakeOutbox);
  const outboxBusy = await hasPendingMessages(item.id);
  // What the platform took while the item expired counts as sent.
  const settled = await reconcileQueued(item.id, now, { withdrawn: true });
  const inFlight = await BroadcastDeliveryModel.countDocuments({ broadcastId: item.id, status: { $in: ['planned', 'queued', 'claimed'] } });
  if (inFlight === 0 && !outboxBusy) await BroadcastModel.updateOne({ _id: item.id, status: 'sending' }, { $set: { status: 'done', doneAt: now } });
  return left.modifiedCount + settled.expired;
}
