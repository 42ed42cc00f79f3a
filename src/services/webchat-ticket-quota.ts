import { CounterModel } from '../db/models/counter.js';

/**
 * Tickets one web chat visitor may file per day. A web chat visitor is anonymous and a new
 * identity costs nothing but a request, so this and the per-address limit on new identities
 * bound how fast a queue can be flooded; Zalo and Messenger users are platform accounts and
 * are not limited here.
 */
export const WEBCHAT_TICKETS_PER_DAY = 5;

/**
 * Counts one ticket against a web chat visitor's quota for the day of `now` (UTC) and says
 * whether it is within it. One person's turns run one at a time (their inbox lease), so the
 * count on one `_id` is never raced.
 */
export async function takeWebChatTicketQuota(
  visitorId: string,
  now = new Date(),
  perDay = WEBCHAT_TICKETS_PER_DAY,
): Promise<{ allowed: boolean; perDay: number }> {
  const _id = `webchat-tickets:${visitorId}:${now.toISOString().slice(0, 10)}`;
  const doc = await CounterModel.findOneAndUpdate({ _id }, { $inc: { seq: 1 } }, { upsert: true, returnDocument: 'after' }).lean<{ seq: number }>();
  return { allowed: (doc?.seq ?? 1) <= perDay, perDay };
}
