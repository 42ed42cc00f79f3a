// Compiles src/ and flows/ into dist/ with tsc and copies the browser assets (every `public/`
// folder under src/) beside the compiled code, so `npm start` and the image run plain
// JavaScript without the TypeScript loader. Plain JavaScript itself, so that it runs before
// anything is compiled. `npm run build` runs it; `npm start` runs it when dist/ is out of date.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Where the compiled service lives: `dist/src/main.js` is its entry point. */
export const distDir = join(projectRoot, 'dist');
/** Written last by a build that succeeded; its time is when the build started. */
const stampFile = join(distDir, '.built');
/** Everything the compiled output depends on. */
const SOURCES = ['src', 'flows', 'tsconfig.json', 'tsconfig.build.json', 'package.json'];

/** The newest modification time (ms) of a file or of anything under a folder. */
function newestChange(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestChange(join(path, entry)));
  return newest;
}

/** Every folder named `public` under `dir`. */
function publicFolders(dir) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const path = join(dir, entry.name);
    if (entry.name === 'public') found.push(path);
    else found.push(...publicFolders(path));
  }
  return found;
}

/** True when dist/ was built after the last change to any of its sources. */
export function isBuildCurrent() {
  if (!existsSync(stampFile)) return false;
  const builtAt = statSync(stampFile).mtimeMs;
  return SOURCES.every((source) => newestChange(join(projectRoot, source)) <= builtAt);
}

/** Builds dist/ from scratch; throws with what to do when TypeScript is missing or the code does not compile. */
export function build() {
  let tsc;
  try {
    tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  } catch {
    throw new Error(
      'dist/ is missing or older than the sources, and TypeScript is not installed to build it: run `npm install` (with dev dependencies) and then `npm run build`.',
    );
  }
  const startedAt = new Date();
  rmSync(distDir, { recursive: true, force: true });
  const result = spawnSync(process.execPath, [tsc, '-p', join(projectRoot, 'tsconfig.build.json')], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`tsc could not compile the service (exit ${result.status ?? result.signal}); see the errors above.`);
  for (const folder of publicFolders(join(projectRoot, 'src'))) cpSync(folder, join(distDir, relative(projectRoot, folder)), { recursive: true });
  writeFileSync(stampFile, `${startedAt.toISOString()}\n`);
  // A source saved while tsc ran is newer than the stamp, so the next start builds again.
  utimesSync(stampFile, startedAt, startedAt);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    build();
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
}
