import type { TurnGate } from '../bot/runtime.js';
import { BroadcastDeliveryModel } from '../db/models/broadcast-delivery.js';
import { findByIds } from '../db/by-id.js';
import { BroadcastModel } from '../db/models/broadcast.js';
import { t } from '../i18n.js';
import { log } from '../log.js';
import { enqueueMessage } from '../outbox/enqueue.js';
import type { WakeOutbox } from '../outbox/wake.js';
import { composeNewsMessage, deliveryId, newsOutboxKey } from './message.js';
import { toBroadcastRecord, type BroadcastDoc } from './record.js';
import { removeHeldMessage } from '../outbox/records.js';
import { sendingNewsIds } from './sending-list.js';

const gateLog = log.child({ module: 'news.next-contact' });

export interface NewsGateOptions {
  /** Most items delivered in one turn; the rest wait for the next contact. Default 5. */
  maxItems?: number;
  now?: () => Date;
  /** The service's outbox wake-up, told of the items queued. */
  wakeOutbox: WakeOutbox;
}

/**
 * A turn gate that hands a person the news items waiting for them as soon as they write (or
 * follow) again: one line saying how many there are, then each item, before the bot's
 * answer; the turn then continues as usual. The turn runs under the person's lease, so their
 * copies (`waiting` → `claimed` → `queued`) have no other writer but the news job expiring or
 * withdrawing an item, which is checked after the claim. Every read and write is by `_id`:
 * the list of items being sent, then this person's copy of each. The outbox key
 * `news:<broadcastId>:<contactKey>` makes a retried turn queue nothing twice. Items past
 * their expiry or withdrawn are never delivered.
 */
export function createNewsGate(options: NewsGateOptions): TurnGate {
  const maxItems = options.maxItems ?? 5;
  const clock = options.now ?? (() => new Date());
  return async (event, contact) => {
    if (event.type === 'unfollow') return 'continue';
    const now = clock();
    const contactKey = contact.key;
    const claimed: Claimed[] = [];
    for (const broadcastId of await sendingNewsIds(now)) {
      if (claimed.length >= maxItems) break;
      const delivery = await BroadcastDeliveryModel.findById(deliveryId(broadcastId, contactKey), { broadcastId: 1, status: 1, claimedBy: 1 }).lean();
      if (!delivery) continue;
      // A retried turn finishes its own claim.
      if (delivery.status === 'claimed' && delivery.claimedBy === event.eventId) claimed.push(delivery);
      if (delivery.status !== 'waiting') continue;
      await BroadcastDeliveryModel.updateOne({ _id: delivery._id }, { $set: { status: 'claimed', claimedBy: event.eventId, updatedAt: now } });
      claimed.push(delivery);
    }
    if (claimed.length === 0) return 'continue';

    const items = await findByIds<BroadcastDoc>(
      BroadcastModel,
      claimed.map((d) => d.broadcastId),
    );
    const itemById = new Map(items.map((d) => [d._id.toString(), toBroadcastRecord(d)]));
    const deliverable: Claimed[] = [];
    for (const delivery of claimed) {
      const item = itemById.get(delivery.broadcastId);
      // Withdrawn or expired while the person was away, or just now by the news job.
      const gone = !item || item.status === 'cancelled' ? 'cancelled' : item.expiresAt.getTime() <= now.getTime() ? 'expired' : undefined;
      if (gone === undefined) deliverable.push(delivery);
      else await BroadcastDeliveryModel.updateOne({ _id: delivery._id }, { $set: { status: gone, updatedAt: now } });
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
      options.wakeOutbox,
      now,
    );
    for (const delivery of deliverable) {
      const item = itemById.get(delivery.broadcastId)!;
      const key = newsOutboxKey(item.id, contactKey);
      const input = { contactKey, purpose: 'broadcast' as const, key, broadcastId: item.id, message: composeNewsMessage(item, language) };
      const { created } = await enqueueMessage(input, options.wakeOutbox, now);
      // Queued at the scheduled time and held back by the window: that copy is replaced, so it
      // follows the line above and there is still only one under this key.
      if (!created && (await removeHeldMessage(key))) await enqueueMessage(input, options.wakeOutbox, now);
      await BroadcastDeliveryModel.updateOne(
        { _id: delivery._id },
        { $set: { status: 'queued', via: 'next_contact', outboxKey: key, updatedAt: now }, $unset: { outcome: 1 } },
      );
    }
    gateLog.info({ contactKey, items: deliverable.length }, 'news items delivered at next contact');
    return 'continue';
  };
}

/** A person's copy of an item taken by this turn. */
interface Claimed {
  _id: string;
  broadcastId: string;
}
