import { BroadcastDeliveryModel, type DeliveryStatus } from '../db/models/broadcast-delivery.js';
import { findOutboxRecords, hasQueuedNewsMessages, type OutboxRecord } from '../outbox/records.js';
import type { WithdrawalOutcome } from '../outbox/withdrawals.js';
import { newsOutboxKey } from './message.js';

const BATCH = 500;

/** Deliveries of a news item with the given statuses and their outbox keys, in batches, read through a cursor so memory stays bounded. */
async function* deliveryBatches(broadcastId: string, statuses: DeliveryStatus[]): AsyncGenerator<{ id: string; key: string; status: string }[]> {
  const cursor = BroadcastDeliveryModel.find({ broadcastId, status: { $in: statuses } }, { contactKey: 1, status: 1 })
    .lean()
    .cursor({ batchSize: BATCH });
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

/** Why what is left of a news item does not go out, for its deliveries and its outbox messages. */
export const WITHDRAWN_BY_STAFF: WithdrawalOutcome = { code: 'news_cancelled', reason: 'The news item was withdrawn by staff before it was sent.' };
export const EXPIRED_BEFORE_SENT: WithdrawalOutcome = { code: 'news_expired', reason: 'The news item expired before it reached the person.' };

/** The delivery status an outbox message that is no longer pending stands for. */
function deliveryStatusOf(entry: { status: string; outcome?: { code?: string | null } | null }): 'sent' | 'failed' | 'waiting' | 'cancelled' | 'expired' {
  if (entry.status === 'sent') return 'sent';
  if (entry.status === 'held') return 'waiting';
  if (entry.outcome?.code === WITHDRAWN_BY_STAFF.code) return 'cancelled';
  if (entry.outcome?.code === EXPIRED_BEFORE_SENT.code) return 'expired';
  return 'failed';
}

export type ReconcileCounts = Record<'sent' | 'failed' | 'waiting' | 'cancelled' | 'expired', number>;

/**
 * Brings deliveries up to date with the outbox: queued ones become `sent` or `failed` as the
 * outbox reports, `waiting` (for the person's next contact) when the outbox held the message
 * back because the window had closed by its turn, and `cancelled` or `expired` when the outbox
 * withdrew it. With `withdrawn`, a withdrawn or expired delivery whose message the platform
 * took anyway (it was queued as the item was withdrawn) is counted `sent` too. Returns the
 * changes.
 */
export async function reconcileQueued(broadcastId: string, now: Date, options: { withdrawn?: boolean } = {}): Promise<ReconcileCounts> {
  const result: ReconcileCounts = { sent: 0, failed: 0, waiting: 0, cancelled: 0, expired: 0 };
  for await (const slice of deliveryBatches(broadcastId, options.withdrawn ? ['queued', 'cancelled', 'expired'] : ['queued'])) {
    const rowByKey = new Map(slice.map((q) => [q.key, q]));
    const records = await findOutboxRecords<Pick<OutboxRecord, 'key' | 'status' | 'outcome'>>([...rowByKey.keys()], {
      key: 1,
      status: 1,
      outcome: 1,
    });
    const entries = records.filter((r) => r.status !== 'pending');
    const sentIds = entries.filter((e) => e.status === 'sent').map((e) => rowByKey.get(e.key)!.id);
    if (sentIds.length > 0) {
      const r = await BroadcastDeliveryModel.updateMany(
        { _id: { $in: sentIds }, status: { $in: ['queued', 'cancelled', 'expired'] } },
        { $set: { status: 'sent', updatedAt: now } },
      );
      result.sent += r.modifiedCount;
    }
    for (const entry of entries) {
      const status = deliveryStatusOf(entry);
      if (status === 'sent' || rowByKey.get(entry.key)!.status !== 'queued') continue;
      const r = await BroadcastDeliveryModel.updateOne(
        { _id: rowByKey.get(entry.key)!.id, status: 'queued' },
        { $set: { status, updatedAt: now, outcome: { code: entry.outcome?.code ?? undefined, reason: entry.outcome?.reason ?? undefined } } },
      );
      if (r.modifiedCount === 1) result[status] += 1;
    }
  }
  return result;
}

/** Whether any message of this news item is still waiting in the outbox. */
export async function hasPendingMessages(broadcastId: string): Promise<boolean> {
  return hasQueuedNewsMessages(broadcastId);
}
