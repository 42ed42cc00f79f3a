import { describe, expect, it } from 'vitest';
import { readNewsRates } from '../../src/news/rates.js';

describe('news rates', () => {
  it('when nothing is set, then each channel gets its default rate', () => {
    expect(readNewsRates({})).toEqual({ zalo: 600, messenger: 1_200, webchat: 3_000, terminal: 3_000 });
  });

  it('when a rate is set, then that channel uses it and the others keep their defaults', () => {
    expect(readNewsRates({ NEWS_RATE_ZALO_PER_MIN: ' 120 ' })).toMatchObject({ zalo: 120, messenger: 1_200 });
  });

  it('when rates are malformed, then one error names every variable with what is expected', () => {
    const read = () => readNewsRates({ NEWS_RATE_ZALO_PER_MIN: '0', NEWS_RATE_MESSENGER_PER_MIN: 'fast' });
    expect(read).toThrow(
      expect.objectContaining({
        problems: [
          'NEWS_RATE_ZALO_PER_MIN must be a whole number from 1 to 60000 (got "0")',
          'NEWS_RATE_MESSENGER_PER_MIN must be a whole number from 1 to 60000 (got "fast")',
        ],
      }),
    );
  });
});
