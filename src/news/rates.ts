import { int, type Parser } from '../config/env-schema.js';
import { CHANNELS, type Channel } from '../domain/vocabulary.js';
import { ConfigError } from '../errors.js';

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
  const problems: string[] = [];
  const rates = {} as Record<Channel, number>;
  for (const channel of CHANNELS) {
    const parse: Parser<number> = int(DEFAULT_NEWS_RATES[channel], 1, 60_000);
    rates[channel] = parse(env[VARIABLES[channel]], VARIABLES[channel], problems);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return rates;
}
