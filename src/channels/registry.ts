import type { Config } from '../config/config.js';
import type { Channel } from '../domain/vocabulary.js';
import type { WebhookHandlers } from '../http/webhook-route.js';
import { log } from '../log.js';
import type { ChannelClient, ChannelPolicy } from './types.js';

/** What one channel contributes to the running service. */
export interface ChannelParts {
  channel: Channel;
  client: ChannelClient;
  policy: ChannelPolicy;
  /** Mounted at `/webhooks/<channel>` when present. */
  webhook?: WebhookHandlers;
  /** Work to run at start (e.g. token checks) and to stop. */
  start?(): Promise<void>;
  stop?(): Promise<void>;
}

export interface ChannelSet {
  clients: Partial<Record<Channel, ChannelClient>>;
  policies: Partial<Record<Channel, ChannelPolicy>>;
  webhooks: { channel: Channel; path: string; handlers: WebhookHandlers }[];
  parts: ChannelParts[];
}

/** Collects the enabled channels' parts into the maps the workers and the app use. */
export function assembleChannels(parts: ChannelParts[]): ChannelSet {
  const set: ChannelSet = { clients: {}, policies: {}, webhooks: [], parts };
  for (const part of parts) {
    set.clients[part.channel] = part.client;
    set.policies[part.channel] = part.policy;
    if (part.webhook) set.webhooks.push({ channel: part.channel, path: `/webhooks/${part.channel}`, handlers: part.webhook });
  }
  return set;
}

/** Logs one line per platform channel that is off because its credentials are not set. */
export function logChannelsOff(config: Config): void {
  const channelLog = log.child({ module: 'channels' });
  if (!config.zalo) channelLog.info('Zalo OA channel is off: set ZALO_APP_ID, ZALO_APP_SECRET and ZALO_OA_SECRET_KEY to turn it on');
  if (!config.messenger) channelLog.info('Messenger channel is off: set FB_APP_SECRET, FB_PAGE_ACCESS_TOKEN and FB_VERIFY_TOKEN to turn it on');
}
