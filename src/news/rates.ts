import { z } from 'zod';
import { readEnv, wholeNumber } from '../config/env-schema.js';
import { CHANNELS, type Channel } from '../domain/vocabulary.js';

/** Most news messages per minute handed to each channel. */
export type NewsRates = Readonly<Record<Channel, number>>;

/**
 * Defaults well under the platforms' limits: Zalo allows 4,000 calls a minute per app,
 * shared with replies; Messenger 300 calls a second per Page, but more than 40 messages a
 * second can freeze the Page inbox.
 */
const DEFAULT_NEWS_RATES: NewsRates = { zalo: 600, messenger: 1_200, webchat: 3_000, terminal: 3_000 };

const VARIABLES: Readonly<Record<Channel, string>> = {
  zalo: 'NEWS_RATE_ZALO_PER_MIN',
  messenger: 'NEWS_RATE_MESSENGER_PER_MIN',
  webchat: 'NEWS_RATE_WEBCHAT_PER_MIN',
  terminal: 'NEWS_RATE_TERMINAL_PER_MIN',
};

/**
 * Reads the per-channel news rates (`NEWS_RATE_ZALO_PER_MIN`, `NEWS_RATE_MESSENGER_PER_MIN`,
 * `NEWS_RATE_WEBCHAT_PER_MIN`; whole numbers from 1 to 60,000). Throws one
 * {@link ConfigError} naming every malformed variable.
 */
export function readNewsRates(env: Record<string, string | undefined> = process.env): NewsRates {
  const schema = z.object(Object.fromEntries(CHANNELS.map((channel) => [VARIABLES[channel], wholeNumber(DEFAULT_NEWS_RATES[channel], 1, 60_000)])));
  const rates = readEnv(env, schema);
  return Object.fromEntries(CHANNELS.map((channel) => [channel, rates[VARIABLES[channel]]!])) as Record<Channel, number>;
}
