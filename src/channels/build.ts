import type { Config } from '../config/config.js';
import type { ChannelParts } from './registry.js';

/** The channels this configuration turns on. The web chat is always on. */
export function buildChannelParts(_config: Config): ChannelParts[] {
  return [];
}
