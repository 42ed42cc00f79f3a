/**
 * Requests allowed per source in a fixed window, kept in this process's memory (bounded).
 * With several instances each counts on its own; the database-backed lockout
 * (see throttle.ts) is the limit shared by all.
 */
export class WindowRateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly limit: number, private readonly windowMs: number, private readonly maxKeys = 20_000, private readonly now: () => number = Date.now) {
    if (!(limit >= 1) || !(windowMs > 0)) throw new RangeError('WindowRateLimiter needs limit >= 1 and windowMs > 0');
  }

  /** Counts one request of `key`; returns 0 when allowed, else the seconds to wait. */
  take(key: string): number {
    const now = this.now();
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      w = { start: now, count: 0 };
    }
    this.windows.delete(key);
    this.windows.set(key, w);
    while (this.windows.size > this.maxKeys) {
      const oldest = this.windows.keys().next();
      if (oldest.done) break;
      this.windows.delete(oldest.value);
    }
    if (w.count >= this.limit) return Math.max(1, Math.ceil((w.start + this.windowMs - now) / 1000));
    w.count += 1;
    return 0;
  }
}
