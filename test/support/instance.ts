import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { restartablePort } from './ports.js';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface InstanceOptions {
  /** Full URI including the database name. */
  mongodbUri: string;
  /** Extra environment (credentials, fake platform URLs, limits); overrides the defaults. */
  env?: Record<string, string>;
  /** A name for log lines of this instance. */
  name?: string;
  /** How long to wait for `/readyz` (ms). Default 45 s. */
  readyTimeoutMs?: number;
  /** Keep a port across restarts. Default: a free one. */
  port?: number;
}

/** A running `node --import tsx src/main.ts` child process. */
export interface Instance {
  readonly name: string;
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  /** The last lines the child wrote (stdout and stderr), for failure messages. */
  output(): string;
  /** True until the child exited. */
  isRunning(): boolean;
  /** Exit code and signal once exited. */
  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Kills at once, as a crash or an OOM killer would; resolves when it is gone. */
  kill(): Promise<void>;
  /** Asks for a graceful stop; resolves with how it exited (SIGKILL after `timeoutMs`). */
  stop(timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts the service as its own process, exactly as `npm start` does, against `mongodbUri`,
 * on 127.0.0.1 and a free port (or `options.port`), and waits until `GET /readyz` answers 200.
 * Logs go to the child's stdout at `LOG_LEVEL` (default warn) and are kept for diagnostics.
 */
export async function startInstance(options: InstanceOptions): Promise<Instance> {
  const port = options.port ?? (await restartablePort());
  const name = options.name ?? `app-${port}`;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    MONGODB_URI: options.mongodbUri,
    JOBS_ENABLED: 'false',
    INBOX_POLL_MS: '100',
    OUTBOX_POLL_MS: '100',
    ...options.env,
  };
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: projectRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let running = true;
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) => {
    child.once('exit', (code, signal) => {
      running = false;
      resolveExit({ code, signal });
    });
  });
  const url = `http://127.0.0.1:${port}`;

  const deadline = Date.now() + (options.readyTimeoutMs ?? 45_000);
  for (;;) {
    if (!running) throw new Error(`${name} exited before it was ready:\n${tail}`);
    try {
      const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} was not ready within ${options.readyTimeoutMs ?? 45_000} ms:\n${tail}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    name,
    url,
    port,
    pid: child.pid ?? -1,
    output: () => tail,
    isRunning: () => running,
    exited: () => exit,
    async kill() {
      if (running) child.kill('SIGKILL');
      await exit;
    },
    async stop(timeoutMs = 15_000) {
      if (!running) return exit;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const result = await exit;
      clearTimeout(timer);
      return result;
    },
  };
}
