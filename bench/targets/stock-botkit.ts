// The stock path: Botkit with botbuilder-adapter-web in webhook mode on an express 5 app. The
// answer is sent after the bot logic, with the replies in the response body (the usual way).
// BENCH_STOCK_STORAGE=database keeps its conversation state in the same database as the
// service (bench/targets/collection-storage.ts); `memory` uses botbuilder's MemoryStorage.
import { MemoryStorage } from 'botbuilder';
import { Botkit } from 'botkit';
import { WebAdapter } from 'botbuilder-adapter-web';
import express from 'express';
import { CollectionStorage } from './collection-storage.js';
import { connectDatabase, disconnectDatabase } from '../../src/db/connect.js';
import { closeServer, listenLocal } from '../lib/listen.js';
import { serveTarget } from '../lib/target.js';
import { echoFlows } from './echo-flows.js';

await serveTarget(async () => {
  const inDatabase = process.env.BENCH_STOCK_STORAGE !== 'memory';
  if (inDatabase) await connectDatabase(process.env.BENCH_MONGODB_URI!);
  // Botkit's webhook handler rethrows turn errors as unhandled rejections; log them instead of dying.
  process.on('unhandledRejection', (err) => console.error('unhandled rejection in the stock path', err));
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json());
  const adapter = new WebAdapter({ noServer: true });
  const controller = new Botkit({ adapter, webserver: app, storage: inDatabase ? new CollectionStorage() : new MemoryStorage(), disable_console: true });
  await new Promise<void>((resolve) => controller.ready(() => resolve()));
  echoFlows(controller);
  const { server, url } = await listenLocal(app);
  return {
    url,
    info: { webhookPath: '/api/messages' },
    async stop() {
      await closeServer(server);
      if (inDatabase) await disconnectDatabase();
    },
  };
});
