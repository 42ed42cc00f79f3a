import { fork, type ChildProcess } from 'node:child_process';
import { createWriteStream, readdirSync, renameSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import type { TargetMessage, TargetReply } from './target.js';
import { rssMb } from './rss.js';

const benchDir = join(dirname(fileURLToPath(import.meta.url)), '..');

/** A server under test running in a process of its own, so that its memory and CPU are its own. */
export interface ChildTarget {
  readonly name: string;
  readonly pid: number;
  readonly url: string;
  /** What the target reported when it was ready (e.g. a database name). */
  readonly info: Record<string, unknown>;
  rssMb(): number;
  /** Asks the target to do something and waits for its answer (see `serveTarget`). */
  call<T = unknown>(command: string, args?: unknown): Promise<T>;
  /** Stops it (gracefully, so a CPU profile gets written), killing it if that takes over `timeoutMs`. */
  stop(timeoutMs?: number): Promise<void>;
}

export interface StartTargetOptions {
  /** File under bench/targets/, e.g. `service.ts`. */
  script: string;
  name: string;
  env: Record<string, string>;
  /** Where the child's output goes (it is quiet on the console). */
  logFile: string;
  /** Writes a V8 CPU profile of the child into this directory when it exits. */
  cpuProfileDir?: string;
  /** How long it may take to be ready. */
  startTimeoutMs?: number;
  /**
   * Run the tsc-compiled JavaScript of the target from this directory (a compiled copy of the
   * project) with plain node, instead of the TypeScript through the tsx loader.
   */
  compiledDir?: string;
}

/** Starts `bench/targets/<script>` with the tsx loader and waits for it to report its URL. */
export async function startTarget(options: StartTargetOptions): Promise<ChildTarget> {
  const execArgv = options.compiledDir ? [] : ['--import', 'tsx'];
  // Default profile names carry the process and thread ids; the main thread's is renamed on stop.
  if (options.cpuProfileDir) execArgv.push('--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`);
  const log = createWriteStream(options.logFile, { flags: 'a' });
  const script = options.compiledDir
    ? join(options.compiledDir, 'bench', 'targets', options.script.replace(/\.ts$/, '.js'))
    : join(benchDir, 'targets', options.script);
  const child: ChildProcess = fork(script, [], {
    execArgv,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let seq = 0;
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      for (const p of pending.values()) p.reject(new Error(`${options.name} exited (see ${options.logFile})`));
      pending.clear();
      resolve();
    }),
  );
  child.on('message', (raw) => {
    const msg = raw as TargetReply;
    if (msg.type !== 'reply') return;
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    if (msg.error !== undefined) p.reject(new Error(`${options.name}: ${msg.error}`));
    else p.resolve(msg.result);
  });

  const ready = await new Promise<{ url: string; info: Record<string, unknown> }>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${options.name} was not ready within ${options.startTimeoutMs ?? 60_000} ms (see ${options.logFile})`)),
      options.startTimeoutMs ?? 60_000,
    );
    child.on('message', (raw) => {
      const msg = raw as TargetReply;
      if (msg.type === 'ready') {
        clearTimeout(timer);
        resolve({ url: msg.url, info: msg.info ?? {} });
      } else if (msg.type === 'failed') {
        clearTimeout(timer);
        reject(new Error(`${options.name} failed to start: ${msg.error}`));
      }
    });
    void exit.then(() => {
      clearTimeout(timer);
      reject(new Error(`${options.name} exited before it was ready (see ${options.logFile})`));
    });
  });

  return {
    name: options.name,
    pid: child.pid!,
    url: ready.url,
    info: ready.info,
    rssMb: () => rssMb(child.pid),
    call<T>(command: string, args?: unknown): Promise<T> {
      if (exited) return Promise.reject(new Error(`${options.name} is not running`));
      const id = ++seq;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve, reject });
        const message: TargetMessage = { type: 'call', id, command, args };
        child.send(message);
      });
    },
    async stop(timeoutMs = 15_000) {
      if (exited) return;
      const message: TargetMessage = { type: 'stop' };
      child.send(message);
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      await exit;
      clearTimeout(timer);
      log.end();
      if (options.cpuProfileDir) nameProfile(options.cpuProfileDir, child.pid!, options.name);
    },
  };
}

/** Renames the main thread's profile of process `pid` (thread id 0) to `<name>.cpuprofile`. */
function nameProfile(dir: string, pid: number, name: string): void {
  const main = readdirSync(dir).find((f) => f.includes(`.${pid}.0.`) && f.endsWith('.cpuprofile'));
  if (main) renameSync(join(dir, main), join(dir, `${name}.cpuprofile`));
}
