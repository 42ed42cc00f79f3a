/**
 * `npm run content:export -- <dir>` writes the published content as content files under <dir>;
 * `npm run content:import -- <dir>` checks the files under <dir> as `content:check` does and makes
 * them the published content (every running instance picks it up within seconds).
 * Uses MONGODB_URI, or the local FerretDB that `npm start` runs.
 */
import { loadConfig } from '../src/config/config.js';
import { ContentError, formatProblem } from '../src/content/index.js';
import { connectDatabase, disconnectDatabase } from '../src/db/connect.js';
import { connectOrStartLocalFerretDb } from '../src/db/local-ferretdb.js';
import { exportContent, importContent } from '../src/editorial/transfer.js';
import { log } from '../src/log.js';

log.level = process.env.LOG_LEVEL ?? 'warn';
const [command, dir] = process.argv.slice(2);
if ((command !== 'export' && command !== 'import') || !dir) {
  console.error('usage: content-transfer.ts export|import <folder>');
  process.exit(2);
}
const config = loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', JOBS_ENABLED: 'false' });
const local = config.mongodbUri
  ? undefined
  : await connectOrStartLocalFerretDb({ port: config.localDb.port, dataDir: config.localDb.dataDir, sync: config.localDb.sync, onProgress: console.log });
await connectDatabase(config.mongodbUri ?? `${local!.uri}/caunoi`);
try {
  if (command === 'export') {
    const paths = await exportContent(dir);
    console.log(`exported ${paths.length} files to ${dir}`);
  } else {
    const report = await importContent(dir);
    console.log(`imported ${dir}: ${report.added} added, ${report.updated} changed, ${report.removed} removed`);
  }
} catch (err) {
  if (!(err instanceof ContentError)) throw err;
  console.error(`content has ${err.problems.length} problem(s); nothing was imported:`);
  for (const problem of err.problems) console.error(`  ${formatProblem(problem)}`);
  process.exitCode = 1;
} finally {
  await disconnectDatabase();
  await local?.stop();
}
