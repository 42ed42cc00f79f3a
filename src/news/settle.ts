import { BroadcastDeliveryModel } from '../db/models/broadcast-delivery.js';
import { OutboxMessageModel } from '../db/models/outbox-message.js';

const BATCH = 500;

/** The queued deliveries of a news item in batches, read through a cursor so memory stays bounded. */
async function* queuedBatches(broadcastId: string): AsyncGenerator<{ id: string; key: string }[]> {
  const cursor = BroadcastDeliveryModel.find({ broadcastId, status: 'queued' }, { outboxKey: 1 }).lean().cursor({ batchSize: BATCH });
  let batch: { id: string; key: string }[] = [];
  for await (const row of cursor) {
    if (row.outboxKey) batch.push({ id: row._id, key: row.outboxKey });
    if (batch.length >= BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/**
 * Brings queued deliveries up to date with the outbox: `sent` and `failed` as the outbox
 * reports, and `waiting` (for the person's next contact) when the outbox held the message
 * back because the window had closed by the time it was its turn. Returns the changes.
 */
export async function reconcileQueued(broadcastId: string, now: Date): Promise<{ sent: number; failed: number; waiting: number }> {
  const result = { sent: 0, failed: 0, waiting: 0 };
  for await (const slice of queuedBatches(broadcastId)) {
    const idByKey = new Map(slice.map((q) => [q.key, q.id]));
    const entries = await OutboxMessageModel.find({ key: { $in: [...idByKey.keys()] }, status: { $ne: 'pending' } }, { key: 1, status: 1, outcome: 1 }).lean();
    const sentIds = entries.filter((e) => e.status === 'sent').map((e) => idByKey.get(e.key)!);
    if (sentIds.length > 0) {
      const r = await BroadcastDeliveryModel.updateMany({ _id: { $in: sentIds }, status: 'queued' }, { $set: { status: 'sent', updatedAt: now } });
      result.sent += r.modifiedCount;
    }
    for (const entry of entries) {
      if (entry.status !== 'failed' && entry.status !== 'held') continue;
      const status = entry.status === 'held' ? 'waiting' : 'failed';
      const r = await BroadcastDeliveryModel.updateOne(
        { _id: idByKey.get(entry.key)!, status: 'queued' },
        { $set: { status, updatedAt: now, outcome: { code: entry.outcome?.code ?? undefined, reason: entry.outcome?.reason ?? undefined } } },
      );
      if (r.modifiedCount === 1) result[status] += 1;
    }
  }
  return result;
}

/**
 * Withdraws this news item's messages that are still waiting in the outbox (marks them failed
 * with `code`, so the outbox worker skips them) and gives their deliveries the status
 * `expired` or `cancelled`. Messages already sent stay sent. Returns how many were withdrawn.
 */
export async function withdrawQueuedNews(broadcastId: string, code: 'news_expired' | 'news_cancelled', reason: string, now: Date): Promise<number> {
  const status = code === 'news_expired' ? 'expired' : 'cancelled';
  let withdrawn = 0;
  for await (const slice of queuedBatches(broadcastId)) {
    const keys = slice.map((q) => q.key);
    const pending = await OutboxMessageModel.find({ key: { $in: keys }, status: 'pending' }, { key: 1 }).lean();
    if (pending.length === 0) continue;
    const pendingKeys = pending.map((p) => p.key);
    await OutboxMessageModel.updateMany({ key: { $in: pendingKeys }, status: 'pending' }, { $set: { status: 'failed', outcome: { code, reason } } });
    const r = await BroadcastDeliveryModel.updateMany(
      { broadcastId, outboxKey: { $in: pendingKeys }, status: 'queued' },
      { $set: { status, updatedAt: now, outcome: { code, reason } } },
    );
    withdrawn += r.modifiedCount;
  }
  return withdrawn;
}
