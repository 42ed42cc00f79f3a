import type { WakeOutbox } from '../outbox/wake.js';
import type { TicketContext } from '../services/tickets/index.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../log.js';
import type { TokenBucketLimiter } from '../http/rate-limit.js';
import type { LiveFeed } from './events/feed.js';
import type { LiveStreams } from './events/stream.js';
import type { TopicLabel } from './queue/topics.js';
import type { ConsoleSettings } from './settings.js';
import type { ConsoleDisplay } from './views/display.js';
import type { PasswordHasher } from './auth/password.js';

/** What the console's routes share. */
export interface ConsoleContext {
  config: Config;
  settings: ConsoleSettings;
  topics: TopicLabel[];
  feed: LiveFeed;
  streams: LiveStreams;
  signInLimiter: TokenBucketLimiter;
  logger: Logger;
  /** This console's navigation, admin notices and display zone. */
  display: ConsoleDisplay;
  /** Hashes passwords at this console's cost (`CONSOLE_PASSWORD_COST`). */
  passwords: PasswordHasher;
  /** Path of the shipped calendar file. */
  calendarFile: string;
  /** Reloads the effective calendar into the ticket services. */
  refreshCalendar(): Promise<void>;
  /** This service's ticket context; `refreshCalendar` keeps its calendar current. */
  tickets: TicketContext;
  /** This service's outbox wake-up: what staff send leaves without waiting for a poll. */
  wakeOutbox: WakeOutbox;
}
