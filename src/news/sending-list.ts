import { insertAll } from '../db/batched-writes.js';
import { NewsSendingModel } from '../db/models/news-sending.js';
import type { BroadcastRecord } from './record.js';

/**
 * Brings the list of items being sent (`news_sending`) in line with the items now `sending`:
 * adds the new ones, drops those that finished or were withdrawn. Idempotent; the news job
 * calls it on every pass, so a list lost or left behind (an older version, a crash between an
 * item's status change and this) is right again by the next pass.
 */
export async function syncSendingList(sending: readonly Pick<BroadcastRecord, 'id' | 'scheduledAt' | 'expiresAt'>[]): Promise<void> {
  const listed = await NewsSendingModel.find({}, { _id: 1 }).lean();
  const wanted = new Set(sending.map((item) => item.id));
  const listedIds = new Set(listed.map((entry) => entry._id));
  const stale = [...listedIds].filter((id) => !wanted.has(id));
  if (stale.length > 0) await NewsSendingModel.deleteMany({ _id: { $in: stale } });
  await insertAll(
    NewsSendingModel,
    sending.filter((item) => !listedIds.has(item.id)).map((item) => ({ _id: item.id, scheduledAt: item.scheduledAt, expiresAt: item.expiresAt })),
  );
}

/** Ids of the items being sent that have not expired at `now`, oldest schedule first. */
export async function sendingNewsIds(now: Date): Promise<string[]> {
  const live = await NewsSendingModel.find({ expiresAt: { $gt: now } }, { _id: 1 })
    .sort({ scheduledAt: 1 })
    .lean();
  return live.map((entry) => entry._id);
}
