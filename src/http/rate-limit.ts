import type { NextFunction, Request, Response } from 'express';

export interface TokenBucketOptions {
  /** Requests allowed in a burst (the bucket's size). */
  capacity: number;
  /** Tokens added back per second. */
  refillPerSecond: number;
  /** Most sources tracked at once; the least recently seen are forgotten first. Default 50,000. */
  maxKeys?: number;
  /** Clock in milliseconds, injectable for tests. */
  now?: () => number;
}

export type TakeResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * A token bucket per source (an IP address, a visitor id), kept in this process's memory.
 * Each source may spend `capacity` requests at once and regains `refillPerSecond`. Memory is
 * bounded by `maxKeys`. With several instances each counts on its own, so the effective limit
 * is at most the number of instances times this one.
 */
export class TokenBucketLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly capacity: number;
  private readonly refillPerSecond: number;
  private readonly maxKeys: number;
  private readonly now: () => number;

  constructor(options: TokenBucketOptions) {
    if (!(options.capacity >= 1) || !(options.refillPerSecond > 0)) {
      throw new RangeError('TokenBucketLimiter needs capacity >= 1 and refillPerSecond > 0');
    }
    this.capacity = options.capacity;
    this.refillPerSecond = options.refillPerSecond;
    this.maxKeys = options.maxKeys ?? 50_000;
    this.now = options.now ?? Date.now;
  }

  /** Spends `cost` tokens of `key`'s bucket if it has them; otherwise says how long to wait. */
  take(key: string, cost = 1): TakeResult {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.capacity, updatedAt: now };
    const elapsedSeconds = Math.max(0, now - bucket.updatedAt) / 1000;
    bucket.tokens = Math.min(this.capacity, bucket.tokens + elapsedSeconds * this.refillPerSecond);
    bucket.updatedAt = now;
    // Re-inserting keeps the map in least-recently-seen order for eviction.
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    this.evict();
    if (bucket.tokens >= cost) {
      bucket.tokens -= cost;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((cost - bucket.tokens) / this.refillPerSecond)) };
  }

  /** Sources tracked now. */
  get size(): number {
    return this.buckets.size;
  }

  private evict(): void {
    while (this.buckets.size > this.maxKeys) {
      const oldest = this.buckets.keys().next();
      if (oldest.done) return;
      this.buckets.delete(oldest.value);
    }
  }
}

/** Answers 429 with `Retry-After` and a JSON body saying when to try again. */
export function sendTooManyRequests(res: Response, retryAfterSeconds: number): void {
  res.setHeader('Retry-After', String(retryAfterSeconds));
  res.status(429).json({ error: 'rate_limited', message: `Too many requests; try again in ${retryAfterSeconds} s.`, retryAfterSeconds });
}

/** The client's address as express sees it (the proxy's `X-Forwarded-For` only when trusted). */
export function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

/**
 * The network a client address belongs to, for limits: an IPv4 address as it is (also when
 * written IPv4-mapped, `::ffff:1.2.3.4`), an IPv6 address cut to its /64 (one household or
 * server usually holds a whole /64, so rotating addresses inside it gains nothing).
 */
export function networkOf(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!address.includes(':')) return address;
  const bare = address.split('%')[0]!.toLowerCase();
  const [head = '', tail = ''] = bare.split('::');
  const headParts = head === '' ? [] : head.split(':');
  const tailParts = bare.includes('::') ? (tail === '' ? [] : tail.split(':')) : [];
  const missing = Math.max(0, 8 - headParts.length - tailParts.length);
  const groups = bare.includes('::') ? [...headParts, ...Array<string>(missing).fill('0'), ...tailParts] : headParts;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/** The client's network as {@link networkOf} names it: what per-address limits count. */
export function clientNetwork(req: Request): string {
  return networkOf(clientAddress(req));
}

/** Express middleware: one request costs one token of the bucket named by `keyOf` (default: the client's network). */
export function rateLimit(limiter: TokenBucketLimiter, keyOf: (req: Request) => string = clientNetwork) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const result = limiter.take(keyOf(req));
    if (result.allowed) {
      next();
      return;
    }
    req.log.warn({ source: keyOf(req), retryAfterSeconds: result.retryAfterSeconds }, 'rate limit reached');
    sendTooManyRequests(res, result.retryAfterSeconds);
  };
}
