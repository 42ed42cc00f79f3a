import { Types } from 'mongoose';
import { BroadcastDeliveryModel } from '../db/models/broadcast-delivery.js';
import { BroadcastModel } from '../db/models/broadcast.js';
import { ContactModel } from '../db/models/contact.js';
import { isDuplicateKey } from '../db/connect.js';
import { deliveryId } from './message.js';
import type { BroadcastRecord } from './record.js';

export interface PlanOptions {
  /** Deliveries written per insert. Default 1,000. */
  batchSize?: number;
  signal?: AbortSignal;
}

/** True when every write error of a bulk insert is a duplicate key (deliveries planned by an earlier, interrupted run). */
function onlyDuplicates(err: unknown): boolean {
  const writeErrors = (err as { writeErrors?: unknown[] } | null)?.writeErrors;
  if (Array.isArray(writeErrors) && writeErrors.length > 0) return writeErrors.every(isDuplicateKey);
  return isDuplicateKey(err);
}

/**
 * Plans one delivery per subscriber of the item's topic (people who unfollowed or whose data
 * was erased are left out). Idempotent and restartable: a delivery's `_id` is
 * `<broadcastId>:<contactKey>`, so planning again never makes a second one, and the position
 * reached is saved after each batch so a resumed run continues from there. Reads subscribers
 * through one cursor in `_id` order and writes in batches, so memory stays bounded whatever
 * the number of subscribers. Returns how many deliveries the item has once planning is
 * complete, or undefined when it was aborted first.
 */
export async function planDeliveries(broadcast: BroadcastRecord, now: Date, options: PlanOptions = {}): Promise<number | undefined> {
  const batchSize = options.batchSize ?? 1_000;
  const current = await BroadcastModel.findById(broadcast.id, { planCursor: 1 }).lean();
  const filter: Record<string, unknown> = {
    subscriptions: broadcast.topic,
    followState: { $ne: 'unfollowed' },
    erasedAt: { $exists: false },
  };
  if (current?.planCursor) filter._id = { $gt: new Types.ObjectId(current.planCursor) };
  const cursor = ContactModel.find(filter, { key: 1, channel: 1 }).sort({ _id: 1 }).lean().cursor({ batchSize });

  type Planned = { _id: string; broadcastId: string; contactKey: string; channel: string; status: 'planned'; expiresAt: Date; plannedAt: Date };
  let batch: Planned[] = [];
  let lastId: string | undefined;
  // One write in flight while the next batch is read: reading and writing overlap, memory stays at two batches.
  let inFlight: Promise<unknown> | undefined;
  const settle = async (): Promise<void> => {
    const failure = await inFlight;
    inFlight = undefined;
    if (failure) throw failure;
  };
  const write = async (docs: Planned[], position: string | undefined): Promise<void> => {
    try {
      await BroadcastDeliveryModel.insertMany(docs, { ordered: false, lean: true });
    } catch (err) {
      if (!onlyDuplicates(err)) throw err;
    }
    // Saved only once the batch is stored, so a resumed run never skips anyone.
    await BroadcastModel.updateOne({ _id: broadcast.id }, { $set: { planCursor: position } });
  };
  const flush = async (): Promise<void> => {
    await settle();
    if (batch.length === 0) return;
    // The failure is kept as a value and rethrown by settle(), so it is never an unhandled rejection.
    inFlight = write(batch, lastId).then(() => undefined, (err: unknown) => err);
    batch = [];
  };
  for await (const contact of cursor) {
    if (options.signal?.aborted) {
      await cursor.close();
      await flush();
      await settle();
      return undefined;
    }
    batch.push({
      _id: deliveryId(broadcast.id, contact.key),
      broadcastId: broadcast.id,
      contactKey: contact.key,
      channel: contact.channel,
      status: 'planned',
      expiresAt: broadcast.expiresAt,
      plannedAt: now,
    });
    lastId = contact._id.toString();
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  await settle();
  return BroadcastDeliveryModel.countDocuments({ broadcastId: broadcast.id });
}
