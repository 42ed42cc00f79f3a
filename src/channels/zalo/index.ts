import type { Config, ZaloConfig } from '../../config/config.js';
import type { WebhookOutcome, WebhookRequest } from '../types.js';
import { ZaloClient } from './client.js';
import { ZaloPolicy } from './policy.js';
import { ZaloRenderer, type ZaloButtonMode } from './render.js';
import { ZaloTokenStore } from './tokens.js';
import { createZaloWebhook } from './webhook.js';

export interface ZaloChannelOptions {
  /** The consultation window (`config.zaloWindow`). */
  window: Config['zaloWindow'];
  /** Buttons as Zalo templates or numbered text. Default `template`. */
  buttons?: ZaloButtonMode;
  /** Line under a numbered list, e.g. "Nhắn số thứ tự để chọn." */
  numberedHint?: string;
  /** Timeout of one call to Zalo (API and OAuth). Default 10 s. */
  timeoutMs?: number;
  /** Refresh the access token when less than this is left. Default 5 h. */
  refreshMarginMs?: number;
}

/** Everything the app needs for the Zalo OA channel, built without side effects. */
export interface ZaloChannel {
  readonly channel: 'zalo';
  /** Mount with `webhookRoute(zalo.webhook, …)` at `POST /webhooks/zalo`. */
  webhook: { handlePost(req: WebhookRequest): WebhookOutcome };
  client: ZaloClient;
  policy: ZaloPolicy;
  /** The scheduled token job calls `tokens.refreshIfDue()`. */
  tokens: ZaloTokenStore;
  renderer: ZaloRenderer;
}

/**
 * Bundles the Zalo OA channel's parts from one configuration. Constructs only: nothing
 * listens, connects or calls Zalo until used (the token store needs the database connected).
 */
export function createZaloChannel(config: ZaloConfig, options: ZaloChannelOptions): ZaloChannel {
  const renderer = new ZaloRenderer({ buttons: options.buttons, numberedHint: options.numberedHint });
  const tokens = new ZaloTokenStore(config, { timeoutMs: options.timeoutMs, refreshMarginMs: options.refreshMarginMs });
  return {
    channel: 'zalo',
    webhook: createZaloWebhook(config),
    client: new ZaloClient(config, { tokens, renderer, timeoutMs: options.timeoutMs }),
    policy: new ZaloPolicy(options.window),
    tokens,
    renderer,
  };
}
