import { join } from 'node:path';
import { startTarget, type ChildTarget } from './child.js';
import type { BenchDatabase } from './database.js';
import type { Platforms } from './platforms.js';

/** One line of the final table. */
interface SummaryRow {
  benchmark: string;
  measure: string;
  value: string;
  /** The same-run baseline it is compared with, named. */
  baseline: string;
  /** value ÷ baseline where that means something. */
  ratio: string;
  target: string;
  /** `yes`, `no`, or empty when there is no target. */
  met: 'yes' | 'no' | '';
}

/** What every benchmark gets from the runner. */
export interface BenchContext {
  db: BenchDatabase;
  platforms: Platforms;
  /** Temporary directory for the targets' logs (and CPU profiles). */
  workDir: string;
  /** When set, every target writes a V8 CPU profile here. */
  cpuProfileDir?: string;
  /** A smaller, quicker run (for trying the bench out); the figures are less steady. */
  quick: boolean;
  say(line: string): void;
  summary: SummaryRow[];
}

let started = 0;

/** Starts the real service (echo bot, both channels on the fakes) on a fresh database. */
export function startServiceTarget(
  ctx: BenchContext,
  label: string,
  env: Record<string, string> = {},
  options: { compiledDir?: string; uri?: string } = {},
): Promise<ChildTarget> {
  started += 1;
  const name = `service-${label}-${started}`;
  // All bench traffic comes from 127.0.0.1, so the per-source webhook limit (6,000 a minute by
  // default) is raised as far as it goes: the limiter still runs on every request, it never refuses.
  const uri = options.uri ?? ctx.db.uri(label);
  return startTarget({
    script: 'service.ts',
    name,
    logFile: join(ctx.workDir, `${name}.log`),
    cpuProfileDir: ctx.cpuProfileDir,
    compiledDir: options.compiledDir,
    env: { NODE_ENV: 'production', LOG_LEVEL: 'info', WEBHOOK_RATE_PER_MIN: '1000000', BENCH_MONGODB_URI: uri, ...ctx.platforms.serviceEnv(), ...env },
  });
}

/** Starts the stock Botkit path, its conversation state in the database (`database`) or in memory. */
export function startStockTarget(ctx: BenchContext, storage: 'database' | 'memory'): Promise<ChildTarget> {
  started += 1;
  const name = `stock-${storage}-${started}`;
  return startTarget({
    script: 'stock-botkit.ts',
    name,
    logFile: join(ctx.workDir, `${name}.log`),
    cpuProfileDir: ctx.cpuProfileDir,
    env: { NODE_ENV: 'production', BENCH_STOCK_STORAGE: storage, BENCH_MONGODB_URI: ctx.db.uri('stock') },
  });
}

/** Starts the bare express server (the ceiling). */
export function startBareTarget(ctx: BenchContext): Promise<ChildTarget> {
  started += 1;
  const name = `bare-express-${started}`;
  return startTarget({
    script: 'bare-express.ts',
    name,
    logFile: join(ctx.workDir, `${name}.log`),
    cpuProfileDir: ctx.cpuProfileDir,
    env: { NODE_ENV: 'production' },
  });
}

/** Waits `ms`. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
