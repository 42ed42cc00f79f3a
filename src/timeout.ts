import { AppError } from './errors.js';

/** The outcome of {@link waitAtMost}: the work's value, or that time ran out first. */
export type Bounded<T> = { done: true; value: T } | { done: false };

/** Thrown by {@link withTimeout} when the work did not settle in time. Retryable: the work may finish next time. */
export class TimeoutError extends AppError {
  constructor(
    readonly what: string,
    readonly timeoutMs: number,
  ) {
    super('timeout', `${what} took longer than ${timeoutMs} ms`, { retryable: true });
  }
}

/**
 * Waits for `work` for at most `ms`: `{ done: true, value }` when it settles first (and
 * rejects when it rejects first), `{ done: false }` when time runs out. The work itself is
 * not cancelled: it goes on, and its late outcome is the caller's to watch. The timer is
 * cleared as soon as the work settles.
 */
export async function waitAtMost<T>(work: Promise<T>, ms: number): Promise<Bounded<T>> {
  // A plain timer: aborting a promise-based sleep instead would build an AbortError, with its
  // stack, for every turn and every webhook write that finished in time.
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<Bounded<T>>((resolve) => {
    timer = setTimeout(() => resolve({ done: false }), ms);
  });
  try {
    return await Promise.race([work.then((value): Bounded<T> => ({ done: true, value })), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/** Settles as `work` does, or rejects with a {@link TimeoutError} naming `what` after `ms`, like `AbortSignal.timeout`. */
export async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  const outcome = await waitAtMost(work, ms);
  if (!outcome.done) throw new TimeoutError(what, ms);
  return outcome.value;
}
