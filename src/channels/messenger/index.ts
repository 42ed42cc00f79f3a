import type { MessengerConfig } from '../../config/config.js';
import type { Logger } from '../../log.js';
import { MessengerClient } from './client.js';
import { MessengerPolicy } from './policy.js';
import { createMessengerWebhook, type MessengerWebhook } from './webhook.js';

export interface MessengerChannelOptions {
  /** Send API call timeout; default 10,000 ms (use `config.outbox.sendTimeoutMs`). */
  sendTimeoutMs?: number;
  /** Whether the Page has the Human Agent feature; default true. */
  humanAgent?: boolean;
  logger?: Logger;
}

/** The Messenger channel: webhook handlers for `/webhooks/messenger`, the Send API client and the window rules. */
export interface MessengerChannel {
  readonly channel: 'messenger';
  readonly webhook: MessengerWebhook;
  readonly client: MessengerClient;
  readonly policy: MessengerPolicy;
}

/** Builds the Messenger channel from its configuration. Starts nothing and does no I/O. */
export function createMessengerChannel(config: MessengerConfig, options: MessengerChannelOptions = {}): MessengerChannel {
  return {
    channel: 'messenger',
    webhook: createMessengerWebhook(config),
    client: new MessengerClient(config, { timeoutMs: options.sendTimeoutMs, logger: options.logger }),
    policy: new MessengerPolicy({ humanAgent: options.humanAgent }),
  };
}
