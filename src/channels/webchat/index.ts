import type { Config } from '../../config/config.js';
import { log, type Logger } from '../../log.js';
import type { Feature } from '../../feature.js';
import type { ChannelParts } from '../registry.js';
import { WebChatClient } from './client.js';
import { WebChatHub } from './hub.js';
import { migrateLegacyFeed } from './migrate.js';
import { WebChatPolicy } from './policy.js';
import { createWebChatRoutes, type WebChatRoutes } from './routes.js';
import { defaultWebChatSettings, type WebChatSettings } from './settings.js';

export { WebChatClient } from './client.js';
export { WebChatHub } from './hub.js';
export { type FeedEntry } from './feed.js';
export { defaultWebChatSettings, loadWebChatSettings, type WebChatSettings } from './settings.js';

export interface WebChatChannelOptions {
  /** Default: {@link defaultWebChatSettings} (use `loadWebChatSettings(process.env, config)` to read the environment). */
  settings?: WebChatSettings;
  /** Default: a hub of this channel's own, shared by its parts and its feature (build both from one call). */
  hub?: WebChatHub;
  logger?: Logger;
}

/** The web chat: the channel parts for the outbox, and the feature that serves `/chat`. */
export interface WebChatChannel {
  parts: ChannelParts;
  feature: Feature;
}

/**
 * Builds the web chat channel (always on: it needs no credentials). `parts` sends by writing
 * to the visitor's feed; `feature` moves feed lines of the old layout (once), mounts the page,
 * embed script and API under `/chat` and wakes the inbox worker when a visitor's message is stored. Starts nothing and does no I/O.
 */
export function createWebChatChannel(config: Config, options: WebChatChannelOptions = {}): WebChatChannel {
  const settings = options.settings ?? defaultWebChatSettings(config);
  const hub = options.hub ?? new WebChatHub();
  const logger = options.logger ?? log.child({ module: 'webchat' });
  let routes: WebChatRoutes | undefined;
  return {
    parts: {
      channel: 'webchat',
      client: new WebChatClient({ hub, logger }),
      policy: new WebChatPolicy(),
    },
    feature: {
      name: 'webchat',
      async setup(service) {
        await migrateLegacyFeed(logger);
        routes = createWebChatRoutes({ config, settings, hub, logger, onStored: () => service.inboxWorker.wake() });
        return { routers: [{ path: '/chat', router: routes.router }] };
      },
      async stop() {
        await routes?.close();
      },
    },
  };
}
