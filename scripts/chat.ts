import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline/promises';
import { loadConfig } from '../src/config/config.js';
import { createTerminalChannel } from '../src/channels/terminal/index.js';
import { connectOrStartLocalFerretDb } from '../src/db/local-ferretdb.js';
import { storeInboundEvents } from '../src/inbox/store.js';
import { startService } from '../src/service.js';
import { log } from '../src/log.js';

// Chat with the bot in the terminal, through the same runtime, flows and content as the service.
// Uses MONGODB_URI, or the local FerretDB (the one `npm start` runs, or a new one).
log.level = process.env.LOG_LEVEL ?? 'warn';
const config = loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', JOBS_ENABLED: 'false' });
const local = config.mongodbUri
  ? undefined
  : await connectOrStartLocalFerretDb({ port: config.localDb.port, dataDir: config.localDb.dataDir, sync: config.localDb.sync, onProgress: console.log });
const mongodbUri = config.mongodbUri ?? `${local!.uri}/caunoi`;
const terminal = createTerminalChannel((text) => console.log(`\n🤖 ${text.replace(/\n/g, '\n   ')}\n`));
const service = await startService(config, { mongodbUri, channels: () => [terminal] });
const userId = process.argv[2] ?? 'editor';

console.log(`Chatting as "${userId}". Type a message, a number to pick a choice, or /quit.`);
const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: false });
for await (const line of rl) {
  const text = line.trim();
  if (text === '/quit') break;
  if (!text) continue;
  await storeInboundEvents([{ channel: 'terminal', eventId: randomUUID(), userId, timestamp: Date.now(), type: 'message', text, raw: { line } }]);
  service.inboxWorker.wake();
}
await service.stop();
await local?.stop();
