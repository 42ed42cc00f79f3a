import { describe, expect, it } from 'vitest';
import { TokenBucketLimiter } from '../../src/http/rate-limit.js';

function clock(start = 0) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('TokenBucketLimiter', () => {
  it('when a source spends its burst, then the next request is refused with the seconds to wait', () => {
    const time = clock();
    const limiter = new TokenBucketLimiter({ capacity: 3, refillPerSecond: 0.5, now: time.now });
    expect([1, 2, 3].map(() => limiter.take('1.2.3.4').allowed)).toEqual([true, true, true]);
    expect(limiter.take('1.2.3.4')).toEqual({ allowed: false, retryAfterSeconds: 2 });
    expect(limiter.take('5.6.7.8').allowed).toBe(true);
  });

  it('when time passes, then tokens come back up to the burst size and no further', () => {
    const time = clock();
    const limiter = new TokenBucketLimiter({ capacity: 2, refillPerSecond: 1, now: time.now });
    limiter.take('a');
    limiter.take('a');
    expect(limiter.take('a').allowed).toBe(false);
    time.advance(1_000);
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
    time.advance(60_000);
    expect([1, 2, 3].map(() => limiter.take('a').allowed)).toEqual([true, true, false]);
  });

  it('when more sources than maxKeys are seen, then the least recently seen are forgotten', () => {
    const time = clock();
    const limiter = new TokenBucketLimiter({ capacity: 1, refillPerSecond: 0.001, maxKeys: 2, now: time.now });
    limiter.take('a');
    limiter.take('b');
    limiter.take('c');
    expect(limiter.size).toBe(2);
    // "a" was forgotten, so it starts with a full bucket again; "c" is still empty.
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('c').allowed).toBe(false);
  });

  it('when built with a zero rate, then it refuses to start', () => {
    expect(() => new TokenBucketLimiter({ capacity: 0, refillPerSecond: 1 })).toThrow(RangeError);
    expect(() => new TokenBucketLimiter({ capacity: 1, refillPerSecond: 0 })).toThrow(RangeError);
  });
});
