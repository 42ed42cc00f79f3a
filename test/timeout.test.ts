import { describe, expect, it } from 'vitest';
import { TimeoutError, waitAtMost, withTimeout } from '../src/timeout.js';

const never = new Promise<never>(() => {});

describe('waitAtMost and withTimeout', () => {
  it('when the work settles in time, then its value comes back', async () => {
    expect(await waitAtMost(Promise.resolve('xong'), 60_000)).toEqual({ done: true, value: 'xong' });
    expect(await withTimeout(Promise.resolve(42), 60_000, 'a ping')).toBe(42);
  });

  it('when the work fails in time, then its own error comes back, not a timeout', async () => {
    await expect(withTimeout(Promise.reject(new Error('connection refused')), 60_000, 'a ping')).rejects.toThrow('connection refused');
  });

  it('when the work never settles, then waitAtMost says so and withTimeout rejects with a TimeoutError naming the work', async () => {
    expect(await waitAtMost(never, 5)).toEqual({ done: false });
    const err: unknown = await withTimeout(never, 5, 'the ping').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err).toMatchObject({ code: 'timeout', retryable: true, message: 'the ping took longer than 5 ms' });
  });
});
