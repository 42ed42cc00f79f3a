import { defineConfig } from 'vitest/config';

/**
 * The fast tier: tests that need no database and start no process (parsing, signatures,
 * rendering, search folding, working days, configuration and content validation, the metrics
 * registry, the Botkit internals we rely on; the platform clients against in-process fakes). `npm run test:fast` runs only these; `npm test` runs them with everything else.
 * A new test file belongs to the full tier until it is listed here.
 */
const FAST_TESTS = [
  'test/bot/botkit-internals.test.ts',
  'test/channels/messenger/policy.test.ts',
  'test/channels/messenger/render.test.ts',
  'test/channels/messenger/webhook.test.ts',
  'test/channels/messenger/client.test.ts',
  'test/channels/messenger/fake.test.ts',
  'test/channels/webchat/settings.test.ts',
  'test/news/rates.test.ts',
  'test/channels/zalo/policy.test.ts',
  'test/channels/zalo/render.test.ts',
  'test/channels/zalo/webhook.test.ts',
  'test/config/config.test.ts',
  'test/content/load.test.ts',
  'test/flows/phrases.test.ts',
  'test/http/rate-limit.test.ts',
  'test/metrics/registry.test.ts',
  'test/search/normalize.test.ts',
  'test/search/quality.test.ts',
  'test/search/search-index.test.ts',
  'test/services/working-days.test.ts',
  'test/timeout.test.ts',
];

const shared = {
  setupFiles: ['test/support/env.ts'],
  testTimeout: 30_000,
  hookTimeout: 120_000,
  pool: 'forks' as const,
};

export default defineConfig({
  test: {
    reporters: ['default'],
    projects: [
      { test: { ...shared, name: 'fast', include: FAST_TESTS } },
      {
        test: {
          ...shared,
          name: 'full',
          include: ['test/**/*.test.ts'],
          exclude: FAST_TESTS,
          // One FerretDB server for the whole run, started and stopped here (also when tests fail).
          globalSetup: ['test/support/global-database.ts'],
        },
      },
    ],
  },
});
