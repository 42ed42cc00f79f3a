import type { Config } from '../config/config.js';
import { createMessengerChannel } from './messenger/index.js';
import type { ChannelParts } from './registry.js';
import { createWebChatChannel } from './webchat/index.js';
import { createZaloChannel } from './zalo/index.js';

/**
 * The channels this configuration turns on: the web chat always, Zalo and Messenger when their
 * credentials are set. Pass `webchat`, the parts of the channel whose `feature` serves `/chat`,
 * so both share one hub; without it the web chat only writes to the visitors' feeds.
 */
export function buildChannelParts(config: Config, webchat: ChannelParts = createWebChatChannel(config).parts): ChannelParts[] {
  const parts: ChannelParts[] = [webchat];
  if (config.zalo) {
    parts.push(createZaloChannel(config.zalo, { window: config.zaloWindow, buttons: config.zaloButtons, timeoutMs: config.outbox.sendTimeoutMs }));
  }
  if (config.messenger) parts.push(createMessengerChannel(config.messenger, { sendTimeoutMs: config.outbox.sendTimeoutMs }));
  return parts;
}
