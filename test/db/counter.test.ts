import { describe, expect, it } from 'vitest';
import { nextCounterValue } from '../../src/db/models/counter.js';
import { useTestDatabase } from '../support/database.js';

useTestDatabase('counter');

describe('counters', () => {
  it('when twenty callers ask for the next value at once, then each gets a different one, with no gaps', async () => {
    const values = await Promise.all(Array.from({ length: 20 }, () => nextCounterValue('ticket:2026')));
    expect([...values].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await nextCounterValue('ticket:2026')).toBe(21);
  });

  it('when counters have different names, then each counts on its own', async () => {
    expect(await nextCounterValue('ticket:2027')).toBe(1);
    expect(await nextCounterValue('ticket:2027')).toBe(2);
  });
});
