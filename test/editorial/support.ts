import type { ChannelParts } from '../../src/channels/registry.js';
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
  stop(): Promise<void>;
}

/** Starts the real service with content editing and the console (first admin from the environment), on a fresh database. */
export async function startEditorialService(label: string, options: { channels?: (config: Config) => ChannelParts[]; features?: (config: Config) => import('../../src/service.js').Feature[] } = {}): Promise<EditorialTestService> {
  const uri = testDatabaseUri(label);
  const service = await startTestService({
    mongodbUri: uri,
    env: { ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password },
    channels: options.channels,
    features: (config) => {
      const editorial = createEditorialFeature();
      return [...(options.features?.(config) ?? []), editorial, createConsoleFeature(config, { pages: [editorial.page], settings: { livePollMs: 100, signInPerMinute: 1_000 } })];
    },
  });
  return {
    service,
    url: service.url,
    async stop() {
      await service.stop();
      await dropTestDatabase(uri);
    },
  };
}
