import type { Config } from './config/config.js';
import { createWebChatChannel, loadWebChatSettings } from './channels/webchat/index.js';
import type { Feature } from './service.js';

/** The features a full service runs, in order: web chat, staff console, scheduled jobs. */
export function defaultFeatures(config: Config): Feature[] {
  return [createWebChatChannel(config, { settings: loadWebChatSettings(process.env, config) }).feature];
}
