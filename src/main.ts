import { loadConfig } from './config/config.js';
import { ConfigError } from './errors.js';
import { startLocalFerretDb, type LocalFerretDb } from './db/local-ferretdb.js';
import { log } from './log.js';
import { composeService, type ServiceParts } from './compose.js';
import { startService, type RunningService } from './service.js';

const mainLog = log.child({ module: 'main' });

/**
 * Brings the service up. Without MONGODB_URI it first starts the embedded local FerretDB
 * (SQLite files under DATA_DIR, bound to 127.0.0.1) and stops it again on shutdown.
 */
async function main(): Promise<void> {
  let config;
  let parts: ServiceParts;
  try {
    config = loadConfig();
    // Features read a few settings of their own (web chat framing, news rates, report heading).
    parts = composeService(config);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`${err.message}\nSee .env.example for every variable and what it means.`);
      process.exit(2);
    }
    throw err;
  }

  let localDb: LocalFerretDb | undefined;
  let mongodbUri = config.mongodbUri;
  if (!mongodbUri) {
    console.log(`MONGODB_URI is not set: starting the local FerretDB (data in ${config.localDb.dataDir})…`);
    localDb = await startLocalFerretDb({
      port: config.localDb.port,
      dataDir: config.localDb.dataDir,
      sync: config.localDb.sync,
      onProgress: (line) => console.log(line),
    });
    mongodbUri = `${localDb.uri}/caunoi`;
  }

  let service: RunningService;
  try {
    service = await startService(config, { mongodbUri, ...parts });
  } catch (err) {
    mainLog.fatal({ err }, 'could not start');
    await localDb?.stop();
    process.exit(1);
  }
  console.log(`Cầu Nối is running.\n  Web chat:      ${service.url}/chat\n  Staff console: ${service.url}/console\n  Health:        ${service.url}/readyz`);

  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    mainLog.info({ signal }, 'shutting down');
    await service.stop();
    await localDb?.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

process.on('unhandledRejection', (reason) => {
  mainLog.error({ err: reason }, 'unhandled promise rejection');
});

await main();
