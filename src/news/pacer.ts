/**
 * Spaces out actions to at most `perMinute` a minute, evenly. `wait()` resolves when the
 * next action may go, or at once (false) when the signal is aborted.
 */
export class RatePacer {
  private readonly intervalMs: number;
  private nextAt = 0;

  constructor(
    perMinute: number,
    private readonly clock: () => number = Date.now,
  ) {
    this.intervalMs = 60_000 / Math.max(1, perMinute);
  }

  async wait(signal?: AbortSignal): Promise<boolean> {
    const now = this.clock();
    const at = Math.max(now, this.nextAt);
    this.nextAt = at + this.intervalMs;
    const delay = at - now;
    if (delay >= 1) await sleep(delay, signal);
    return !signal?.aborted;
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
