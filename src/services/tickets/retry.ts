import { isDuplicateKey } from '../../db/connect.js';

/**
 * Runs `operation` again when it fails with a duplicate key. Used around the counters: the
 * first increments of a new counter race to insert it and all but one get E11000 (FerretDB
 * does not retry such upserts as MongoDB does); once it exists, the retry increments it.
 * Only safe for operations that are idempotent or did nothing when they failed.
 */
export async function retryOnDuplicateKey<T>(operation: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (err) {
      if (!isDuplicateKey(err) || attempt >= attempts) throw err;
    }
  }
}
