import { loadConfig, type Config } from '../../src/config/config.js';
import type { ChannelParts } from '../../src/channels/registry.js';
import type { Feature } from '../../src/feature.js';
import { startService, type RunningService, type StartOptions } from '../../src/service.js';

export interface TestServiceOptions {
  mongodbUri: string;
  env?: Record<string, string>;
  channels?: (config: Config) => ChannelParts[];
  features?: (config: Config) => Feature[];
  registerFlows?: StartOptions['registerFlows'];
  rateLimitClock?: StartOptions['rateLimitClock'];
  tickets?: StartOptions['tickets'];
}

/** Starts the real service on a free port of 127.0.0.1 against the given database. */
export async function startTestService(options: TestServiceOptions): Promise<RunningService> {
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    INBOX_POLL_MS: '50',
    OUTBOX_POLL_MS: '50',
    JOBS_ENABLED: 'false',
    // The lowest password cost accepted: tests sign in hundreds of times (the default, 17, is checked in test/security).
    CONSOLE_PASSWORD_COST: '14',
    ...options.env,
  });
  return startService(config, {
    mongodbUri: options.mongodbUri,
    channels: options.channels ?? (() => []),
    features: options.features?.(config) ?? [],
    registerFlows: options.registerFlows,
    rateLimitClock: options.rateLimitClock,
    tickets: options.tickets,
  });
}
