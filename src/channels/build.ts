import type { Config } from '../config/config.js';
import { createMessengerChannel } from './messenger/index.js';
import type { ChannelParts } from './registry.js';
import { createZaloChannel } from './zalo/index.js';
import { createWebChatChannel } from './webchat/index.js';

/**
 * The channels this configuration turns on: the web chat always (its page and API are the
 * `webchat` feature), Zalo and Messenger when their credentials are set.
 */
export function buildChannelParts(config: Config): ChannelParts[] {
  const parts: ChannelParts[] = [createWebChatChannel(config).parts];
  if (config.zalo) {
    parts.push(createZaloChannel(config.zalo, { window: config.zaloWindow, buttons: config.zaloButtons, timeoutMs: config.outbox.sendTimeoutMs }));
  }
  if (config.messenger) parts.push(createMessengerChannel(config.messenger, { sendTimeoutMs: config.outbox.sendTimeoutMs }));
  return parts;
}
