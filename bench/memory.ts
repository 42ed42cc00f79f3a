// Benchmark 5: memory. Resident set of the service idle (started, connected, both channels and
// workers on, no traffic), next to the bare express server and the stock Botkit path started
// the same way, plus the highest figures seen under the ingestion and end-to-end loads. The
// service is measured twice: as `npm start` runs it (TypeScript through the tsx loader) and
// compiled by tsc to plain JavaScript, because the loader alone holds about 35 MB.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { endToEndPeakRssMb } from './end-to-end.js';
import type { IngestionMemory } from './ingestion.js';
import type { ChildTarget } from './lib/child.js';
import { pause, startBareTarget, startServiceTarget, startStockTarget, type BenchContext } from './lib/context.js';
import { num, ratio } from './lib/format.js';
import { median } from './lib/stats.js';

/** Median RSS over a few seconds, after the process settled. */
async function idleRss(target: ChildTarget, settleMs: number): Promise<number> {
  await pause(settleMs);
  const samples: number[] = [];
  for (let i = 0; i < 20; i += 1) {
    samples.push(target.rssMb());
    await pause(100);
  }
  return median(samples);
}

const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Where the compiled copy goes: inside the project (so node_modules resolve), under the ignored .tools/. */
const compiledDir = join(projectRoot, '.tools', 'bench-js');

/** Compiles the project with tsc into `compiledDir`; type errors elsewhere do not stop the output. */
async function compileProject(): Promise<boolean> {
  const tsc = join(projectRoot, 'node_modules', '.bin', 'tsc');
  await promisify(execFile)(
    tsc,
    [
      '-p',
      join(projectRoot, 'tsconfig.json'),
      '--noEmit',
      'false',
      '--outDir',
      compiledDir,
      '--rootDir',
      projectRoot,
      '--declaration',
      'false',
      '--sourceMap',
      'false',
    ],
    { maxBuffer: 20_000_000 },
  ).catch(() => undefined); // tsc exits non-zero on any type error but still writes every file
  return existsSync(join(compiledDir, 'bench', 'targets', 'service.js'));
}

export async function benchMemory(ctx: BenchContext, underLoad?: IngestionMemory): Promise<void> {
  const settleMs = ctx.quick ? 2_000 : 5_000;
  const service = await startServiceTarget(ctx, 'memory');
  const serviceMb = await idleRss(service, settleMs);
  const heap = await service.call<NodeJS.MemoryUsage>('memory');
  await service.stop();
  let compiledMb = Number.NaN;
  if (await compileProject()) {
    const compiled = await startServiceTarget(ctx, 'memory_compiled', {}, { compiledDir });
    compiledMb = await idleRss(compiled, settleMs);
    await compiled.stop();
  } else {
    ctx.say('  (could not compile the project with tsc; the compiled figure is left out)');
  }
  const stock = await startStockTarget(ctx, 'database');
  const stockMb = await idleRss(stock, settleMs);
  await stock.stop();
  const bare = await startBareTarget(ctx);
  const bareMb = await idleRss(bare, settleMs);
  await bare.stop();

  ctx.say(
    `  idle RSS: Cầu Nối ${num(serviceMb)} MB under tsx as npm start runs it (V8 heap ${num(heap.heapUsed / 1e6)} MB used of ${num(heap.heapTotal / 1e6)} MB, external ${num(heap.external / 1e6)} MB), ${num(compiledMb)} MB compiled to JavaScript; stock Botkit ${num(stockMb)} MB and bare express ${num(bareMb)} MB (both under tsx)`,
  );
  if (underLoad) {
    ctx.say(
      `  under the ingestion load (c=50): Cầu Nối ≤ ${num(underLoad.serviceUnderLoadMb)} MB, stock Botkit ≤ ${num(underLoad.stockUnderLoadMb)} MB, bare express ≤ ${num(underLoad.bareUnderLoadMb)} MB`,
    );
  }
  if (Number.isFinite(endToEndPeakRssMb)) ctx.say(`  during the end-to-end run: Cầu Nối ≤ ${num(endToEndPeakRssMb)} MB`);

  ctx.summary.push(
    {
      benchmark: 'memory',
      measure: 'RSS idle, npm start (tsx) (MB)',
      value: num(serviceMb),
      baseline: `stock Botkit ${num(stockMb)} MB, bare express ${num(bareMb)} MB`,
      ratio: ratio(serviceMb, stockMb),
      target: '< 180 MB',
      met: serviceMb < 180 ? 'yes' : 'no',
    },
    {
      benchmark: 'memory',
      measure: 'RSS idle, compiled JavaScript (MB)',
      value: num(compiledMb),
      baseline: `stock Botkit ${num(stockMb)} MB (tsx)`,
      ratio: ratio(compiledMb, stockMb),
      target: '< 180 MB',
      met: compiledMb < 180 ? 'yes' : 'no',
    },
  );
  if (underLoad) {
    ctx.summary.push({
      benchmark: 'memory',
      measure: 'RSS under ingestion load, c=50 (MB)',
      value: num(underLoad.serviceUnderLoadMb),
      baseline: `stock Botkit ${num(underLoad.stockUnderLoadMb)} MB`,
      ratio: ratio(underLoad.serviceUnderLoadMb, underLoad.stockUnderLoadMb),
      target: '',
      met: '',
    });
  }
}
