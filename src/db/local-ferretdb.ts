import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, cpSync, chmodSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { AppError } from '../errors.js';

const run = promisify(execFile);

const FERRETDB_VERSION = 'v1.24.2';
const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';

/** The folder holding package.json: the same whether this runs from src/ or compiled from dist/. */
function findProjectRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new AppError('project_root_missing', `No package.json above ${from}: run the service from the project folder.`);
    dir = parent;
  }
  return dir;
}

const projectRoot = findProjectRoot(dirname(fileURLToPath(import.meta.url)));
const toolsDir = join(projectRoot, '.tools');

/**
 * FerretDB 1.24's SQLite backend finds a document by `_id` with the SQL expression
 * `_jsonb->'$._id'`, while the unique index it creates on `_id` is on `_jsonb->"_id"`. SQLite
 * uses an expression index only for the very same expression, so every lookup, update and
 * delete by `_id` read the whole table (0.4–1.3 s at 40,000 documents, against 2–3 ms with
 * the index). The build writes the lookup with the index's own expression; both mean the same
 * JSON field, and indexes of existing data files match it as they are.
 */
const ID_COLUMN_SOURCE = 'internal/backends/sqlite/metadata/metadata.go';
const ID_COLUMN_STOCK = `IDColumn = DefaultColumn + "->'$._id'"`;
const ID_COLUMN_INDEXED = 'IDColumn = DefaultColumn + "->\\"_id\\""';
/**
 * It also asks SQLite for the one document only when the filter is `_id` alone: `{ _id, owner }`
 * (a lease given back) or `{ _id, $or: [...] }` (a lease taken over) read every document of the
 * collection. The handlers apply the whole filter again to what the backend returns, so the
 * build narrows the query by `_id` whenever the filter has a top-level `_id` string or ObjectId.
 */
const ID_PUSHDOWN_SOURCE = 'internal/backends/sqlite/collection.go';
const ID_PUSHDOWN_STOCK = 'if params.Filter.Len() == 1 {';
const ID_PUSHDOWN_WIDER = 'if params.Filter.Len() >= 1 {';
/** Names the build with the changes above, so a binary built without them is not reused. */
const BUILD_NAME = `ferretdb-${FERRETDB_VERSION}-id-lookups`;

/** Path of the project-local FerretDB binary. */
const ferretDbBinary = join(toolsDir, 'bin', BUILD_NAME);

export interface LocalFerretDb {
  /** A `mongodb://` URI (without a database name) pointing at this server. */
  uri: string;
  port: number;
  /** Stops the server and waits for it to exit. Safe to call twice. */
  stop(): Promise<void>;
  /** True while the process runs. */
  isRunning(): boolean;
}

/**
 * SQLite's `synchronous` setting for the embedded database, in WAL mode. `normal`: the WAL is
 * written at every commit and synced to disk at checkpoints, so a commit survives a crash of
 * either process, and a power cut or OS crash can lose only the latest commits (never corrupt
 * the files). `full`: synced at every commit.
 */
type LocalDbSync = 'normal' | 'full';

export interface StartOptions {
  /** 0 picks a free port. */
  port: number;
  /** Defaults to `normal`. */
  sync?: LocalDbSync;
  /** SQLite files and FerretDB's state live here. */
  dataDir: string;
  /** Called with a progress line while the binary is built for the first time. */
  onProgress?: (line: string) => void;
}

/**
 * Makes sure the project-local FerretDB binary exists, building it once from the Go module
 * proxy. `go install …/cmd/ferretdb@v1.24.2` alone yields a binary that panics at start
 * (the module zip lacks build/version/version.txt), so the module is downloaded with
 * `go mod download`, copied, given the version file and the `_id` lookup fixes described at
 * {@link ferretDbBinary}, and built with `go build`.
 */
export async function ensureFerretDbBinary(onProgress: (line: string) => void = () => {}): Promise<string> {
  if (existsSync(ferretDbBinary)) return ferretDbBinary;
  onProgress(`Building FerretDB ${FERRETDB_VERSION} once into .tools/ (needs Go; about 2 minutes on first run)…`);
  try {
    const { stdout } = await run('go', ['mod', 'download', '-json', `${FERRETDB_MODULE}@${FERRETDB_VERSION}`], {
      maxBuffer: 10_000_000,
    });
    const moduleDir = (JSON.parse(stdout) as { Dir: string }).Dir;
    const srcDir = join(toolsDir, 'src', `ferretdb-${FERRETDB_VERSION}`);
    rmSync(srcDir, { recursive: true, force: true });
    mkdirSync(dirname(srcDir), { recursive: true });
    cpSync(moduleDir, srcDir, { recursive: true });
    chmodSync(srcDir, 0o755);
    await run('chmod', ['-R', 'u+w', srcDir]);
    writeFileSync(join(srcDir, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`);
    const metadataFile = join(srcDir, ID_COLUMN_SOURCE);
    const metadata = readFileSync(metadataFile, 'utf8');
    if (!metadata.includes(ID_COLUMN_STOCK)) throw new Error(`${ID_COLUMN_SOURCE} no longer reads ${ID_COLUMN_STOCK}`);
    writeFileSync(metadataFile, metadata.replace(ID_COLUMN_STOCK, ID_COLUMN_INDEXED));
    const collectionFile = join(srcDir, ID_PUSHDOWN_SOURCE);
    const collection = readFileSync(collectionFile, 'utf8');
    // Two places: the query itself and its explain.
    if (collection.split(ID_PUSHDOWN_STOCK).length !== 3) throw new Error(`${ID_PUSHDOWN_SOURCE} no longer reads ${ID_PUSHDOWN_STOCK} twice`);
    writeFileSync(collectionFile, collection.replaceAll(ID_PUSHDOWN_STOCK, ID_PUSHDOWN_WIDER));
    onProgress('Compiling FerretDB…');
    await run('go', ['build', '-buildvcs=false', '-o', ferretDbBinary, './cmd/ferretdb'], {
      cwd: srcDir,
      maxBuffer: 10_000_000,
      env: { ...process.env, GOFLAGS: '-mod=mod' },
    });
    rmSync(srcDir, { recursive: true, force: true });
  } catch (err) {
    throw new AppError(
      'ferretdb_build_failed',
      `Could not build FerretDB ${FERRETDB_VERSION}: is Go installed and the Go module proxy reachable? ${String(err)}`,
      { cause: err },
    );
  }
  onProgress(`FerretDB ${FERRETDB_VERSION} is ready.`);
  return ferretDbBinary;
}

/** Asks the OS for a free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolveConnect) => {
    const socket = new Socket();
    socket.setTimeout(500);
    socket.once('connect', () => {
      socket.destroy();
      resolveConnect(true);
    });
    socket.once('error', () => {
      socket.destroy();
      resolveConnect(false);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolveConnect(false);
    });
    socket.connect(port, '127.0.0.1');
  });
}

/**
 * Starts FerretDB with its SQLite backend, bound to 127.0.0.1, telemetry off, and waits until
 * it accepts connections. The caller owns the returned handle and must `stop()` it.
 */
export async function startLocalFerretDb(options: StartOptions): Promise<LocalFerretDb> {
  const binary = await ensureFerretDbBinary(options.onProgress);
  const port = options.port || (await freePort());
  // Something else on the port would answer the readiness probe below while FerretDB exits
  // unable to listen: refuse it here, by name.
  if (await canConnect(port)) throw new AppError('ferretdb_start_failed', `FerretDB cannot listen on 127.0.0.1:${port}: the port is in use`);
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const child: ChildProcess = spawn(
    binary,
    [
      '--handler=sqlite',
      `--sqlite-url=file:${dataDir}/?_pragma=synchronous(${options.sync ?? 'normal'})`,
      `--state-dir=${dataDir}`,
      `--listen-addr=127.0.0.1:${port}`,
      '--debug-addr=-',
      '--telemetry=disable',
      '--log-level=warn',
      '--log-format=json',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  let exited = false;
  const exitPromise = new Promise<void>((resolveExit) =>
    child.once('exit', () => {
      exited = true;
      resolveExit();
    }),
  );

  const deadline = Date.now() + 20_000;
  while (!(await canConnect(port))) {
    if (exited || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new AppError('ferretdb_start_failed', `FerretDB did not start on 127.0.0.1:${port}: ${stderr.trim() || 'no output'}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    uri: `mongodb://127.0.0.1:${port}`,
    port,
    isRunning: () => !exited,
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exitPromise;
      clearTimeout(timer);
    },
  };
}

/**
 * Uses a local FerretDB already listening on `port` (the one `npm start` runs), or starts one.
 * The returned handle's `stop()` stops only a server this call started.
 */
export async function connectOrStartLocalFerretDb(options: StartOptions): Promise<LocalFerretDb> {
  if (options.port && (await canConnect(options.port))) {
    return { uri: `mongodb://127.0.0.1:${options.port}`, port: options.port, isRunning: () => true, stop: async () => {} };
  }
  return startLocalFerretDb(options);
}
