// The real service: both platform channels pointing at the bench's fake Zalo and Graph
// servers, the echo bot, every message persisted. BENCH_WORKERS=off stops the inbox and
// outbox workers after start, to time the acknowledgement path on its own; BENCH_DB_TIMING=1
// times every database command (the connection string must ask for command monitoring).
import { buildChannelParts } from '../../src/channels/build.js';
import { loadConfig } from '../../src/config/config.js';
import { startService } from '../../src/service.js';
import { serveTarget } from '../lib/target.js';
import { timeDatabaseCommands } from './db-timing.js';
import { echoFlows } from './echo-flows.js';

await serveTarget(async () => {
  const config = loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', JOBS_ENABLED: 'false' });
  const service = await startService(config, {
    mongodbUri: process.env.BENCH_MONGODB_URI!,
    channels: buildChannelParts,
    registerFlows: echoFlows,
  });
  const timing = process.env.BENCH_DB_TIMING === '1' ? timeDatabaseCommands() : undefined;
  if (process.env.BENCH_WORKERS === 'off') {
    await service.inboxWorker.stop();
    await service.outboxWorker.stop();
  }
  return {
    url: service.url,
    commands: {
      dbTiming: () => Promise.resolve(timing?.take() ?? {}),
      memory: () => Promise.resolve(process.memoryUsage()),
      idle: async (timeoutMs) => {
        await service.inboxWorker.idle(Number(timeoutMs ?? 60_000));
        await service.outboxWorker.idle(Number(timeoutMs ?? 60_000));
      },
    },
    stop: () => service.stop(),
  };
});
