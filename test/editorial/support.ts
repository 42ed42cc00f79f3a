import { createWebChatChannel, loadWebChatSettings } from '../../src/channels/webchat/index.js';
import type { Config } from '../../src/config/config.js';
import { createConsoleFeature } from '../../src/console/index.js';
import { createEditorialFeature } from '../../src/editorial/feature.js';
import type { RunningService } from '../../src/service.js';
import { ADMIN } from '../console/support.js';
import { dropTestDatabase, testDatabaseUri } from '../support/database.js';
import { startTestService } from '../support/service.js';

export interface EditorialTestService {
  service: RunningService;
  url: string;
  /** The database, for a second instance to share. */
  uri: string;
  stop(): Promise<void>;
}

/** Starts the real service with content editing and the console (first admin from the environment), on a fresh database. */
export async function startEditorialService(label: string, options: { webChat?: boolean } = {}): Promise<EditorialTestService> {
  const uri = testDatabaseUri(label);
  let chat: ReturnType<typeof createWebChatChannel> | undefined;
  const webChat = (config: Config) =>
    options.webChat ? (chat ??= createWebChatChannel(config, { settings: loadWebChatSettings(process.env, config) })) : undefined;
  const service = await startTestService({
    mongodbUri: uri,
    env: { ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password },
    // Instances sharing a database must run the same channels: any of them may send a queued message.
    channels: (config) => (webChat(config) ? [webChat(config)!.parts] : []),
    features: (config) => {
      const editorial = createEditorialFeature({ timezone: config.timezone });
      return [
        ...(webChat(config) ? [webChat(config)!.feature] : []),
        editorial,
        createConsoleFeature(config, { pages: [editorial.page], settings: { livePollMs: 100, signInPerMinute: 1_000 } }),
      ];
    },
  });
  return {
    service,
    url: service.url,
    uri,
    async stop() {
      await service.stop();
      await dropTestDatabase(uri);
    },
  };
}
