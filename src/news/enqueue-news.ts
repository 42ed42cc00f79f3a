import { isDuplicateKey } from '../db/connect.js';
import { enqueueMessage, type EnqueueInput, type EnqueueResult } from '../outbox/enqueue.js';

/**
 * {@link enqueueMessage}, tried once more when it collided on the outbox sequence counter:
 * the counter's first upsert can collide (E11000) when two sends create it at the same moment.
 * A duplicate outbox key never throws (enqueueMessage answers `created: false`), so the retry
 * cannot queue a second copy.
 */
export async function enqueueNews(input: EnqueueInput, now: Date): Promise<EnqueueResult> {
  try {
    return await enqueueMessage(input, now);
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    return enqueueMessage(input, now);
  }
}
