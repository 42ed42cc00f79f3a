import { isDatabaseUnavailable } from './connect.js';

export interface PersistOptions {
  /** Give up (rethrow) once this long has passed. Keep it below the lease the work runs under. */
  patienceMs: number;
  /** Called before each new try, for a log line. */
  onRetry?: (err: unknown, attempt: number) => void;
}

/**
 * Runs `write` again while the database is unavailable, for at most `patienceMs`, with short
 * growing pauses. For writes that record something already done outside the database (the
 * platform accepted a message, a turn's replies were queued): giving up on them means the work
 * is done a second time after the database returns. Any other error is rethrown at once.
 */
export async function persistWhileUnavailable<T>(write: () => Promise<T>, options: PersistOptions): Promise<T> {
  const deadline = Date.now() + options.patienceMs;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await write();
    } catch (err) {
      if (!isDatabaseUnavailable(err) || Date.now() >= deadline) throw err;
      options.onRetry?.(err, attempt);
      await new Promise((resolve) => setTimeout(resolve, Math.min(2_000, 250 * attempt)));
    }
  }
}
