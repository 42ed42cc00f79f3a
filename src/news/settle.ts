import { BroadcastDeliveryModel, type DeliveryStatus } from '../db/models/broadcast-delivery.js';
import { OutboxMessageModel } from '../db/models/outbox-message.js';
import { withdrawableFilter } from '../outbox/withdrawable.js';
import { newsOutboxKey } from './message.js';

const BATCH = 500;

/** Deliveries of a news item with the given statuses and their outbox keys, in batches, read through a cursor so memory stays bounded. */
async function* deliveryBatches(broadcastId: string, statuses: DeliveryStatus[]): AsyncGenerator<{ id: string; key: string; status: string }[]> {
  const cursor = BroadcastDeliveryModel.find({ broadcastId, status: { $in: statuses } }, { contactKey: 1, status: 1 }).lean().cursor({ batchSize: BATCH });
  let batch: { id: string; key: string; status: string }[] = [];
  for await (const row of cursor) {
    // The key is the same wherever the message was queued from, so it is derived, not stored.
    batch.push({ id: row._id, key: newsOutboxKey(broadcastId, row.contactKey), status: row.status });
    if (batch.length >= BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/**
 * Brings deliveries up to date with the outbox: queued ones become `sent` or `failed` as the
 * outbox reports, or `waiting` (for the person's next contact) when the outbox held the
 * message back because the window had closed by its turn. With `withdrawn`, a withdrawn or
 * expired delivery whose message the platform took anyway (it was being sent at that moment)
 * is counted `sent` too. Returns the changes.
 */
export async function reconcileQueued(broadcastId: string, now: Date, options: { withdrawn?: boolean } = {}): Promise<{ sent: number; failed: number; waiting: number }> {
  const result = { sent: 0, failed: 0, waiting: 0 };
  for await (const slice of deliveryBatches(broadcastId, options.withdrawn ? ['queued', 'cancelled', 'expired'] : ['queued'])) {
    const rowByKey = new Map(slice.map((q) => [q.key, q]));
    const entries = await OutboxMessageModel.find({ key: { $in: [...rowByKey.keys()] }, status: { $ne: 'pending' } }, { key: 1, status: 1, outcome: 1 }).lean();
    const sentIds = entries.filter((e) => e.status === 'sent').map((e) => rowByKey.get(e.key)!.id);
    if (sentIds.length > 0) {
      const r = await BroadcastDeliveryModel.updateMany({ _id: { $in: sentIds }, status: { $in: ['queued', 'cancelled', 'expired'] } }, { $set: { status: 'sent', updatedAt: now } });
      result.sent += r.modifiedCount;
    }
    for (const entry of entries) {
      if ((entry.status !== 'failed' && entry.status !== 'held') || rowByKey.get(entry.key)!.status !== 'queued') continue;
      const status = entry.status === 'held' ? 'waiting' : 'failed';
      const r = await BroadcastDeliveryModel.updateOne(
        { _id: rowByKey.get(entry.key)!.id, status: 'queued' },
        { $set: { status, updatedAt: now, outcome: { code: entry.outcome?.code ?? undefined, reason: entry.outcome?.reason ?? undefined } } },
      );
      if (r.modifiedCount === 1) result[status] += 1;
    }
  }
  return result;
}

/**
 * Withdraws this news item's messages that are still waiting in the outbox and not being sent
 * at this moment (marks them failed with `code`, so the outbox worker skips them) and gives their deliveries the status
 * `expired` or `cancelled`. Messages already sent stay sent. Returns how many were withdrawn.
 */
export async function withdrawQueuedNews(broadcastId: string, code: 'news_expired' | 'news_cancelled', reason: string, now: Date): Promise<number> {
  const status = code === 'news_expired' ? 'expired' : 'cancelled';
  let withdrawn = 0;
  for await (const slice of deliveryBatches(broadcastId, ['queued'])) {
    const idByKey = new Map(slice.map((q) => [q.key, q.id]));
    // A message whose send is under way is left to finish: it is settled as sent or failed later.
    const pending = await OutboxMessageModel.find({ key: { $in: [...idByKey.keys()] }, ...withdrawableFilter(now) }, { key: 1 }).lean();
    if (pending.length === 0) continue;
    const pendingKeys = pending.map((p) => p.key);
    await OutboxMessageModel.updateMany({ key: { $in: pendingKeys }, ...withdrawableFilter(now) }, { $set: { status: 'failed', outcome: { code, reason } } });
    // Read back which were withdrawn: a send may have started between the read and the write.
    const withdrawnKeys = (await OutboxMessageModel.find({ key: { $in: pendingKeys }, status: 'failed', 'outcome.code': code }, { key: 1 }).lean()).map((m) => m.key);
    const r = await BroadcastDeliveryModel.updateMany(
      { _id: { $in: withdrawnKeys.map((k) => idByKey.get(k)!) }, status: 'queued' },
      { $set: { status, updatedAt: now, outcome: { code, reason } } },
    );
    withdrawn += r.modifiedCount;
  }
  return withdrawn;
}
