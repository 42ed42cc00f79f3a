// `npm run bench`: every benchmark in one run, each figure next to its baseline measured in
// the same run, then one table. Options (after `--`):
//   --quick              smaller runs, to try the bench out (figures less steady)
//   --only=a,b           run only these: ingestion, e2e, growth, search, news, memory
//   --cpu-prof=DIR       every server under test writes a V8 CPU profile into DIR
// Loopback only; the bench starts its own FerretDB in a temporary directory and stops it.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { IngestionMemory } from './ingestion.js';
import type { BenchContext } from './lib/context.js';

// Quiet logs in this process; set before the project's logger is first imported.
process.env.LOG_LEVEL ??= 'warn';
const { benchEndToEnd } = await import('./end-to-end.js');
const { benchGrowth } = await import('./growth.js');
const { benchIngestion } = await import('./ingestion.js');
const { benchMemory } = await import('./memory.js');
const { benchNews } = await import('./news.js');
const { benchSearch } = await import('./search.js');
const { startBenchDatabase } = await import('./lib/database.js');
const { markdownTable } = await import('./lib/format.js');
const { startPlatforms } = await import('./lib/platforms.js');

const ALL = ['ingestion', 'e2e', 'growth', 'search', 'news', 'memory'] as const;
type Name = (typeof ALL)[number];

function option(name: string): string | undefined {
  const arg = process.argv.slice(2).find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (arg === undefined) return undefined;
  return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : '';
}

const only = option('only');
const selected = new Set<Name>(only ? only.split(',').filter((n): n is Name => (ALL as readonly string[]).includes(n)) : ALL);
const cpuProfileDir = option('cpu-prof') ? resolve(option('cpu-prof')!) : undefined;
if (cpuProfileDir) mkdirSync(cpuProfileDir, { recursive: true });
const quick = option('quick') !== undefined;

const say = (line: string) => console.log(line);
const began = Date.now();
const workDir = mkdtempSync(join(tmpdir(), 'caunoi-bench-'));
say(`Cầu Nối benchmarks${quick ? ' (quick)' : ''}: node ${process.version}, ${(await import('node:os')).cpus().length} cores; logs in ${workDir}`);

const db = await startBenchDatabase(say);
const platforms = await startPlatforms();
const ctx: BenchContext = { db, platforms, workDir, cpuProfileDir, quick, say, summary: [] };
let failed = false;
try {
  let memory: IngestionMemory | undefined;
  const section = async (name: Name, title: string, run: () => void | Promise<void>) => {
    if (!selected.has(name)) return;
    const t0 = Date.now();
    say(`\n## ${title}`);
    await run();
    say(`(${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  };
  await section('ingestion', 'Webhook ingestion', async () => {
    memory = await benchIngestion(ctx);
  });
  await section('e2e', 'End to end: webhook → bot → fake platform', () => benchEndToEnd(ctx));
  await section('growth', 'Growth: a year of history stored', () => benchGrowth(ctx));
  await section('search', 'FAQ search', () => benchSearch(ctx));
  await section('news', 'News send planning', () => benchNews(ctx));
  await section('memory', 'Memory', () => benchMemory(ctx, memory));

  say(`\n## Summary (${new Date().toISOString().slice(0, 16)}Z, ${((Date.now() - began) / 60_000).toFixed(1)} min)`);
  say(
    markdownTable(
      ['benchmark', 'measure', 'value', 'baseline (same run)', 'ratio', 'target', 'met'],
      ctx.summary.map((r) => [r.benchmark, r.measure, r.value, r.baseline, r.ratio, r.target, r.met]),
    ),
  );
} catch (err) {
  failed = true;
  console.error('The bench failed:', err);
  say(`Target logs are kept in ${workDir}`);
} finally {
  await platforms.close();
  await db.stop();
  if (!failed && !cpuProfileDir) rmSync(workDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
