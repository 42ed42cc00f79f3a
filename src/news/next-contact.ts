import type { TurnGate } from '../bot/runtime.js';
import { BroadcastDeliveryModel } from '../db/models/broadcast-delivery.js';
import { BroadcastModel } from '../db/models/broadcast.js';
import { t } from '../i18n.js';
import { log } from '../log.js';
import { enqueueMessage } from '../outbox/enqueue.js';
import { composeNewsMessage, deliveryId, newsOutboxKey } from './message.js';
import { toBroadcastRecord, type BroadcastDoc } from './record.js';
import { removeHeldMessage } from './requeue.js';

const gateLog = log.child({ module: 'news.next-contact' });

export interface NewsGateOptions {
  /** Most items delivered in one turn; the rest wait for the next contact. Default 5. */
  maxItems?: number;
  now?: () => Date;
}

/**
 * A turn gate that hands a person the news items waiting for them as soon as they write (or
 * follow) again: one line saying how many there are, then each item, before the bot's
 * answer; the turn then continues as usual. Each delivery is claimed by an atomic status
 * change (`waiting` → `claimed`) so it is delivered once even with several instances, and the
 * outbox key `news:<broadcastId>:<contactKey>` makes a retried turn queue nothing twice.
 * Items past their expiry or withdrawn are never delivered.
 */
export function createNewsGate(options: NewsGateOptions = {}): TurnGate {
  const maxItems = options.maxItems ?? 5;
  const clock = options.now ?? (() => new Date());
  return async (event, contact) => {
    if (event.type === 'unfollow') return 'continue';
    const now = clock();
    const contactKey = contact.key;
    // Look up this person's copy of each live item by its _id: the live items are few, and an
    // _id lookup stays fast however many deliveries the collection holds (also on FerretDB,
    // which does not use secondary indexes).
    const live = await BroadcastModel.find({ status: 'sending', expiresAt: { $gt: now } }, { _id: 1 })
      .sort({ scheduledAt: 1 })
      .lean();
    const candidates = [];
    for (const item of live) {
      if (candidates.length >= maxItems) break;
      const delivery = await BroadcastDeliveryModel.findById(deliveryId(item._id.toString(), contactKey)).lean();
      if (delivery && (delivery.status === 'waiting' || (delivery.status === 'claimed' && delivery.claimedBy === event.eventId))) candidates.push(delivery);
    }
    if (candidates.length === 0) return 'continue';

    const claimed = [];
    for (const delivery of candidates) {
      if (delivery.status === 'claimed') {
        claimed.push(delivery);
        continue;
      }
      const r = await BroadcastDeliveryModel.updateOne(
        { _id: delivery._id, status: 'waiting', expiresAt: { $gt: now } },
        { $set: { status: 'claimed', claimedBy: event.eventId, updatedAt: now } },
      );
      if (r.modifiedCount === 1) claimed.push(delivery);
    }
    if (claimed.length === 0) return 'continue';

    const items = await BroadcastModel.find({ _id: { $in: claimed.map((d) => d.broadcastId) } }).lean<BroadcastDoc[]>();
    const itemById = new Map(items.map((d) => [d._id.toString(), toBroadcastRecord(d)]));
    const deliverable = claimed.filter((d) => {
      const item = itemById.get(d.broadcastId);
      return item && item.status !== 'cancelled' && item.expiresAt.getTime() > now.getTime();
    });
    const dropped = claimed.filter((d) => !deliverable.includes(d)).map((d) => d._id);
    if (dropped.length > 0) {
      await BroadcastDeliveryModel.updateMany({ _id: { $in: dropped }, status: 'claimed' }, { $set: { status: 'cancelled', updatedAt: now } });
    }
    if (deliverable.length === 0) return 'continue';

    const language = contact.language ?? 'vi';
    await enqueueMessage(
      {
        contactKey,
        purpose: 'broadcast',
        key: `news-intro:${contactKey}:${event.eventId}`,
        message: { text: t(language, 'news:pending_intro', { count: deliverable.length }) },
      },
      now,
    );
    for (const delivery of deliverable) {
      const item = itemById.get(delivery.broadcastId)!;
      const key = newsOutboxKey(item.id, contactKey);
      const input = { contactKey, purpose: 'broadcast' as const, key, broadcastId: item.id, message: composeNewsMessage(item, language) };
      const { created } = await enqueueMessage(input, now);
      // Queued at the scheduled time and held back by the window: that copy is replaced, so it
      // follows the line above and there is still only one under this key.
      if (!created && (await removeHeldMessage(key))) await enqueueMessage(input, now);
      await BroadcastDeliveryModel.updateOne(
        { _id: delivery._id, status: 'claimed' },
        { $set: { status: 'queued', via: 'next_contact', outboxKey: key, updatedAt: now }, $unset: { outcome: 1 } },
      );
    }
    gateLog.info({ contactKey, items: deliverable.length }, 'news items delivered at next contact');
    return 'continue';
  };
}
