// Benchmark 1: webhook ingestion. Signed Messenger and Zalo webhooks against the real service
// (acknowledged once stored in the inbox), next to a bare express handler (the ceiling) and
// the stock Botkit path (answered after the bot logic), all in this run. The paths are
// measured in turn, round after round, so a slow patch of the machine hits them all alike;
// each figure is the median of its rounds.
import type { ChildTarget } from './lib/child.js';
import { startBareTarget, startServiceTarget, startStockTarget, type BenchContext } from './lib/context.js';
import { markdownTable, num, ratio } from './lib/format.js';
import { closedLoop, paced, type LoadRequest, type LoadResult } from './lib/load.js';
import { platformRequest, stockAnswered, stockRequest } from './lib/platforms.js';
import { cpuMeter } from './lib/cpu.js';
import { RssSampler } from './lib/rss.js';
import { median } from './lib/stats.js';

const LEVELS = [1, 10, 50] as const;
const PACED_RATE = 200;
const PEOPLE = 1_000;

/** Memory figures gathered on the way, reported by the memory benchmark. */
export interface IngestionMemory {
  /** Highest RSS of the service while it took webhooks at c=50 (MB). */
  serviceUnderLoadMb: number;
  stockUnderLoadMb: number;
  bareUnderLoadMb: number;
}

type Accept = (run: string) => (status: number, body: string, i: number) => boolean;

/** One path under test. */
interface Path {
  key: 'bare' | 'stockDb' | 'stockMem' | 'messenger' | 'zalo';
  label: string;
  target: ChildTarget;
  request(run: string, i: number): LoadRequest;
  accept?: Accept;
}

interface Run {
  result: LoadResult;
  peakRssMb: number;
  /** CPU per answered request, ms: the server, FerretDB, and this process (client and fakes). */
  cpu: { server: number; database: number; client: number };
}

/** Medians over rounds. */
interface Figure {
  perSecond: number;
  p50: number;
  p99: number;
  failed: number;
  cpu: Run['cpu'];
  /** Answers by status, over all rounds. */
  statuses: Record<number, number>;
  peakRssMb: number;
}

interface Settings {
  rounds: number;
  requests(concurrency: number): number;
  maxMs: number;
  warmupMs: number;
  pacedMs: number;
}

let runCounter = 0;

/** Runs `load` while sampling the server's memory and counting every process's CPU. */
async function observe(ctx: BenchContext, path: Path, load: () => Promise<LoadResult>): Promise<Run> {
  const sampler = new RssSampler(path.target.pid).start();
  const meter = cpuMeter({ server: path.target.pid, database: ctx.db.pid, client: process.pid });
  const result = await load();
  const used = meter.stop();
  const per = (ms: number | undefined) => (ms ?? Number.NaN) / Math.max(1, result.ok);
  return { result, peakRssMb: sampler.stop().maxMb, cpu: { server: per(used.server), database: per(used.database), client: per(used.client) } };
}

async function measure(ctx: BenchContext, path: Path, concurrency: number, settings: Settings, warm: boolean): Promise<Run> {
  const run = `r${++runCounter}`;
  const make = (i: number) => path.request(run, i);
  const accept = path.accept?.(run);
  if (warm) await closedLoop({ url: path.target.url, concurrency, requests: 400, maxMs: settings.warmupMs, request: make, accept });
  return observe(ctx, path, () =>
    closedLoop({ url: path.target.url, concurrency, requests: settings.requests(concurrency), maxMs: settings.maxMs, request: make, accept, offset: 1_000 }),
  );
}

async function measurePaced(ctx: BenchContext, path: Path, settings: Settings, warm: boolean): Promise<Run> {
  const run = `r${++runCounter}`;
  const make = (i: number) => path.request(run, i);
  const accept = path.accept?.(run);
  if (warm) await closedLoop({ url: path.target.url, concurrency: 10, requests: 400, maxMs: settings.warmupMs, request: make, accept });
  return observe(ctx, path, () =>
    paced({ url: path.target.url, ratePerSecond: PACED_RATE, durationMs: settings.pacedMs, request: make, accept, offset: 1_000 }),
  );
}

function figure(runs: Run[]): Figure {
  return {
    perSecond: median(runs.map((r) => r.result.perSecond)),
    p50: median(runs.map((r) => r.result.latency.p50)),
    p99: median(runs.map((r) => r.result.latency.p99)),
    failed: runs.reduce((n, r) => n + r.result.failed, 0),
    cpu: { server: median(runs.map((r) => r.cpu.server)), database: median(runs.map((r) => r.cpu.database)), client: median(runs.map((r) => r.cpu.client)) },
    statuses: runs.reduce<Record<number, number>>((all, r) => {
      for (const [status, n] of Object.entries(r.result.statuses)) all[Number(status)] = (all[Number(status)] ?? 0) + n;
      return all;
    }, {}),
    peakRssMb: Math.max(...runs.map((r) => r.peakRssMb)),
  };
}

function describe(f: Figure): string {
  const failed = f.failed > 0 ? `, ${f.failed} failed: ${JSON.stringify(f.statuses)}` : '';
  return `${num(f.perSecond)}/s, p50 ${num(f.p50)} ms, p99 ${num(f.p99)} ms; CPU per answer: server ${num(f.cpu.server)} ms, FerretDB ${num(f.cpu.database)} ms, client ${num(f.cpu.client)} ms (RSS ≤ ${num(f.peakRssMb)} MB${failed})`;
}

export async function benchIngestion(ctx: BenchContext): Promise<IngestionMemory> {
  const settings: Settings = ctx.quick
    ? { rounds: 1, requests: (c) => (c === 1 ? 300 : 1_000), maxMs: 1_500, warmupMs: 500, pacedMs: 2_000 }
    : { rounds: 3, requests: (c) => (c === 1 ? 1_000 : 3_000), maxMs: 2_000, warmupMs: 1_000, pacedMs: 4_000 };
  const now = Date.now();
  const stockAccept: Accept = stockAnswered;
  // Acknowledgement path on its own: the service's inbox and outbox workers are stopped, so
  // these figures are what the webhook path takes (an insert into the inbox, nothing else).
  const paths: Path[] = [
    {
      key: 'bare',
      label: 'bare express (ceiling)',
      target: await startBareTarget(ctx),
      request: (run, i) => platformRequest('messenger', run, i, PEOPLE, now),
    },
    {
      key: 'stockDb',
      label: 'stock Botkit, state in database',
      target: await startStockTarget(ctx, 'database'),
      request: (run, i) => stockRequest(run, i, PEOPLE),
      accept: stockAccept,
    },
    {
      key: 'stockMem',
      label: 'stock Botkit, state in memory',
      target: await startStockTarget(ctx, 'memory'),
      request: (run, i) => stockRequest(run, i, PEOPLE),
      accept: stockAccept,
    },
    {
      key: 'messenger',
      label: 'Cầu Nối, Messenger',
      target: await startServiceTarget(ctx, 'ingest_messenger', { BENCH_WORKERS: 'off' }),
      request: (run, i) => platformRequest('messenger', run, i, PEOPLE, now),
    },
    {
      key: 'zalo',
      label: 'Cầu Nối, Zalo',
      target: await startServiceTarget(ctx, 'ingest_zalo', { BENCH_WORKERS: 'off' }),
      request: (run, i) => platformRequest('zalo', run, i, PEOPLE, now),
    },
  ];
  const figures = new Map<string, Figure>();
  const at = (key: Path['key'], c: number | 'paced') => figures.get(`${key}@${c}`)!;
  try {
    for (const c of LEVELS) {
      const runs = new Map<Path['key'], Run[]>();
      for (let round = 0; round < settings.rounds; round += 1) {
        for (const path of paths) {
          const list = runs.get(path.key) ?? [];
          list.push(await measure(ctx, path, c, settings, round === 0));
          runs.set(path.key, list);
        }
      }
      for (const path of paths) {
        figures.set(`${path.key}@${c}`, figure(runs.get(path.key)!));
        ctx.say(`  ${path.label.padEnd(32)} c=${String(c).padEnd(3)}: ${describe(at(path.key, c))}`);
      }
    }
    // Paced rounds too; the stock path with its state in the database cannot keep this rate
    // (its queue only grows), so it gets one round.
    const pacedRuns = new Map<Path['key'], Run[]>();
    for (let round = 0; round < settings.rounds; round += 1) {
      for (const path of paths) {
        if (path.key === 'stockDb' && round > 0) continue;
        const list = pacedRuns.get(path.key) ?? [];
        list.push(await measurePaced(ctx, path, settings, round === 0));
        pacedRuns.set(path.key, list);
      }
    }
    for (const path of paths) {
      figures.set(`${path.key}@paced`, figure(pacedRuns.get(path.key)!));
      ctx.say(`  ${path.label.padEnd(32)} ${PACED_RATE} rps: ${describe(at(path.key, 'paced'))}`);
    }
  } finally {
    for (const path of paths) await path.target.stop(3_000);
  }

  // The service as deployed: workers on, draining the backlog (bot turns, replies to the
  // fakes) while webhooks arrive. A fresh process and database per run, so that no backlog
  // of an earlier run weighs on the next.
  // Side by side: the workers holding back while webhooks wait (WEBHOOKS_FIRST, the default)
  // and serving every slot regardless.
  const busy = new Map<'messenger' | 'zalo', { at50: Figure; paced: Figure }>();
  const busyAllSlots = new Map<'messenger' | 'zalo', { at50: Figure; paced: Figure }>();
  for (const channel of ['messenger', 'zalo'] as const) {
    const request = (run: string, i: number) => platformRequest(channel, run, i, PEOPLE, now);
    for (const [first, into, label] of [
      ['true', busy, 'workers on      '],
      ['false', busyAllSlots, 'workers on, all slots'],
    ] as const) {
      const env = { WEBHOOKS_FIRST: first };
      let target = await startServiceTarget(ctx, `ingest_busy_${channel}_${first}`, env);
      const at50 = figure([await measure(ctx, { key: channel, label: '', target, request }, 50, settings, true)]);
      await target.stop(2_000);
      target = await startServiceTarget(ctx, `ingest_busy_${channel}_${first}_paced`, env);
      const pacedRun = figure([await measurePaced(ctx, { key: channel, label: '', target, request }, settings, true)]);
      await target.stop(2_000);
      into.set(channel, { at50, paced: pacedRun });
      ctx.say(`  Cầu Nối, ${channel}, ${label} c=50 : ${describe(at50)}`);
      ctx.say(`  Cầu Nối, ${channel}, ${label} ${PACED_RATE} rps: ${describe(pacedRun)}`);
    }
  }

  const rows: (string | number)[][] = paths.map((path) => [
    path.label + (path.key === 'messenger' || path.key === 'zalo' ? ', workers off' : ''),
    ...LEVELS.flatMap((c) => [num(at(path.key, c).perSecond), `${num(at(path.key, c).p50)} / ${num(at(path.key, c).p99)}`]),
    num(at(path.key, 'paced').p99),
    `${num(at(path.key, 50).cpu.server)} / ${num(at(path.key, 50).cpu.database)}`,
  ]);
  for (const [channel, { at50, paced: p }, variant] of [...busy].flatMap(([channel, figures]) => [
    [channel, figures, 'workers on'] as const,
    [channel, busyAllSlots.get(channel)!, 'workers on, all slots'] as const,
  ])) {
    rows.push([
      `Cầu Nối, ${channel === 'messenger' ? 'Messenger' : 'Zalo'}, ${variant}`,
      '',
      '',
      '',
      '',
      num(at50.perSecond),
      `${num(at50.p50)} / ${num(at50.p99)}`,
      num(p.p99),
      `${num(at50.cpu.server)} / ${num(at50.cpu.database)}`,
    ]);
  }
  ctx.say('');
  ctx.say(
    markdownTable(
      [
        'path (acks/s; latency ms)',
        'c=1 /s',
        'c=1 p50 / p99',
        'c=10 /s',
        'c=10 p50 / p99',
        'c=50 /s',
        'c=50 p50 / p99',
        `${PACED_RATE} rps p99`,
        'c=50 CPU ms/ack server / FerretDB',
      ],
      rows,
    ),
  );

  const ceiling50 = at('bare', 50).perSecond;
  const stockDb50 = at('stockDb', 50).perSecond;
  const stockMem50 = at('stockMem', 50).perSecond;
  const stockP99 = at('stockDb', 'paced').p99;
  for (const channel of ['messenger', 'zalo'] as const) {
    const label = channel === 'messenger' ? 'Messenger' : 'Zalo';
    const at50 = at(channel, 50).perSecond;
    const p99 = at(channel, 'paced').p99;
    const { at50: busy50, paced: busyPaced } = busy.get(channel)!;
    ctx.summary.push(
      {
        benchmark: 'ingestion',
        measure: `${label} c=50 acks/s`,
        value: num(at50),
        baseline: `bare express ${num(ceiling50)}/s`,
        ratio: ratio(at50, ceiling50),
        target: '≥ 0.5× ceiling',
        met: at50 >= 0.5 * ceiling50 ? 'yes' : 'no',
      },
      {
        benchmark: 'ingestion',
        measure: `${label} c=50 acks/s`,
        value: num(at50),
        baseline: `stock Botkit, state in db ${num(stockDb50)}/s`,
        ratio: ratio(at50, stockDb50),
        target: '≥ 2× stock',
        met: at50 >= 2 * stockDb50 ? 'yes' : 'no',
      },
      {
        benchmark: 'ingestion',
        measure: `${label} c=50 acks/s`,
        value: num(at50),
        baseline: `stock Botkit, state in memory ${num(stockMem50)}/s`,
        ratio: ratio(at50, stockMem50),
        target: '(≥ 2× stock)',
        met: at50 >= 2 * stockMem50 ? 'yes' : 'no',
      },
      {
        benchmark: 'ingestion',
        measure: `${label} p99 at ${PACED_RATE} rps (ms)`,
        value: num(p99),
        baseline: `stock Botkit, state in db ${num(stockP99)} ms`,
        ratio: ratio(p99, stockP99),
        target: '< 50 ms',
        met: p99 < 50 ? 'yes' : 'no',
      },
      {
        benchmark: 'ingestion',
        measure: `${label} c=50 acks/s, workers on`,
        value: num(busy50.perSecond),
        baseline: `stock Botkit, state in db ${num(stockDb50)}/s`,
        ratio: ratio(busy50.perSecond, stockDb50),
        target: '(≥ 2× stock)',
        met: busy50.perSecond >= 2 * stockDb50 ? 'yes' : 'no',
      },
      {
        benchmark: 'ingestion',
        measure: `${label} c=50 acks/s, workers on`,
        value: num(busy50.perSecond),
        baseline: `bare express ${num(ceiling50)}/s (workers on, all slots: ${num(busyAllSlots.get(channel)!.at50.perSecond)}/s)`,
        ratio: ratio(busy50.perSecond, ceiling50),
        target: '≥ 0.25× ceiling',
        met: busy50.perSecond >= 0.25 * ceiling50 ? 'yes' : 'no',
      },
      {
        benchmark: 'ingestion',
        measure: `${label} p99 at ${PACED_RATE} rps, workers on (ms)`,
        value: num(busyPaced.p99),
        baseline: `stock Botkit, state in db ${num(stockP99)} ms`,
        ratio: ratio(busyPaced.p99, stockP99),
        target: '(< 50 ms)',
        met: busyPaced.p99 < 50 ? 'yes' : 'no',
      },
    );
  }

  return {
    serviceUnderLoadMb: Math.max(
      at('messenger', 50).peakRssMb,
      at('zalo', 50).peakRssMb,
      busy.get('messenger')!.at50.peakRssMb,
      busy.get('zalo')!.at50.peakRssMb,
    ),
    stockUnderLoadMb: at('stockDb', 50).peakRssMb,
    bareUnderLoadMb: at('bare', 50).peakRssMb,
  };
}
