import type { Config } from '../config/config.js';
import { createMessengerChannel } from './messenger/index.js';
import type { ChannelParts } from './registry.js';
import { createZaloChannel } from './zalo/index.js';

/**
 * The platform channels this configuration turns on (the web chat is a feature of its own and
 * is always on). A channel whose credentials are not set is simply absent.
 */
export function buildChannelParts(config: Config): ChannelParts[] {
  const parts: ChannelParts[] = [];
  if (config.zalo) {
    parts.push(createZaloChannel(config.zalo, { window: config.zaloWindow, buttons: config.zaloButtons, timeoutMs: config.outbox.sendTimeoutMs }));
  }
  if (config.messenger) parts.push(createMessengerChannel(config.messenger, { sendTimeoutMs: config.outbox.sendTimeoutMs }));
  return parts;
}
