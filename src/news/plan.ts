import { mongo } from 'mongoose';
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

/** A delivery as planning writes it (see broadcast-delivery.ts). */
interface PlannedDelivery {
  _id: string;
  broadcastId: string;
  contactKey: string;
  channel: string;
  status: 'planned';
  expiresAt: Date;
  plannedAt: Date;
}

/**
 * Inserts a batch and returns how many were new. Deliveries planned by an earlier,
 * interrupted run collide on `_id` and are not counted again.
 */
async function insertNew(docs: PlannedDelivery[]): Promise<number> {
  // The driver's collection: mongoose would build a document per delivery, which costs more than the write.
  const collection = BroadcastDeliveryModel.db.db!.collection<PlannedDelivery>(BroadcastDeliveryModel.collection.collectionName);
  try {
    return (await collection.insertMany(docs, { ordered: false })).insertedCount;
  } catch (err) {
    if (err instanceof mongo.MongoBulkWriteError && [err.writeErrors].flat().every(isDuplicateKey)) return err.insertedCount;
    throw err;
  }
}

/**
 * Plans one delivery per subscriber of the item's topic (people who unfollowed or whose data
 * was erased are left out) and keeps the count in the item's `targeted`. Idempotent and
 * restartable: a delivery's `_id` is `<broadcastId>:<contactKey>`, so a run that starts again
 * after an interruption goes over the subscribers once more and adds only the ones missing,
 * counting nobody twice. Reads subscribers through one cursor and writes in batches while
 * the next batch is read, so memory stays at two batches whatever the number of subscribers.
 * No sort: it would cost a blocking sort on MongoDB and a slower scan on FerretDB. Returns the
 * number planned once complete, or undefined when it was aborted first.
 */
export async function planDeliveries(broadcast: BroadcastRecord, now: Date, options: PlanOptions = {}): Promise<number | undefined> {
  const batchSize = options.batchSize ?? 1_000;
  const cursor = ContactModel.find({ subscriptions: broadcast.topic, followState: { $ne: 'unfollowed' }, erasedAt: { $exists: false } }, { key: 1, channel: 1 })
    .lean()
    .cursor({ batchSize });

  let batch: PlannedDelivery[] = [];
  let inFlight: Promise<{ failure: unknown } | undefined> | undefined;
  const settle = async (): Promise<void> => {
    const outcome = await inFlight;
    inFlight = undefined;
    if (outcome) throw outcome.failure;
  };
  const write = async (docs: PlannedDelivery[]): Promise<void> => {
    const inserted = await insertNew(docs);
    if (inserted > 0) await BroadcastModel.updateOne({ _id: broadcast.id }, { $inc: { targeted: inserted } });
  };
  const flush = async (): Promise<void> => {
    await settle();
    if (batch.length === 0) return;
    // One write in flight while the next batch is read. Its failure is kept as a value and
    // rethrown by settle(), so it is never an unhandled rejection.
    inFlight = write(batch).then(
      () => undefined,
      (failure: unknown) => ({ failure }),
    );
    batch = [];
  };

  for await (const contact of cursor) {
    if (options.signal?.aborted) break;
    batch.push({
      _id: deliveryId(broadcast.id, contact.key),
      broadcastId: broadcast.id,
      contactKey: contact.key,
      channel: contact.channel,
      status: 'planned',
      expiresAt: broadcast.expiresAt,
      plannedAt: now,
    });
    if (batch.length >= batchSize) await flush();
  }
  const aborted = options.signal?.aborted === true;
  if (aborted) await cursor.close();
  await flush();
  await settle();
  if (aborted) return undefined;
  const done = await BroadcastModel.findById(broadcast.id, { targeted: 1 }).lean();
  return done?.targeted ?? 0;
}
