// Benchmark 2: end to end. Messages per second from the signed webhook to the fake platform
// accepting the reply, with everything persisted on the way (inbox, contact, transcript,
// dialog state, outbox, delivery record), against the same echo bot on the stock Botkit path.
// Also where the time goes: CPU used by the service and by FerretDB per message, and the
// database commands a message costs.
import { benchDatabaseScan } from './database-scan.js';
import { startServiceTarget, startStockTarget, pause, type BenchContext } from './lib/context.js';
import { cpuMeter } from './lib/cpu.js';
import { markdownTable, num, ratio } from './lib/format.js';
import { closedLoop } from './lib/load.js';
import { platformRequest, stockAnswered, stockRequest } from './lib/platforms.js';
import { RssSampler } from './lib/rss.js';
import { summarize } from './lib/stats.js';
import type { DbTiming } from './targets/db-timing.js';

/** Each person writes about three messages in the run. */
const PEOPLE = 200;
/** The stock path gets one message per person: it has no per-person order, and two turns of one
 * person at once can collide on the dialog-state upsert, leaving that request unanswered. */
const STOCK_PEOPLE = 100_000;
const CONCURRENCY = 50;

/** Highest RSS of the service during the end-to-end run, for the memory benchmark. */
export let endToEndPeakRssMb = Number.NaN;

export async function benchEndToEnd(ctx: BenchContext): Promise<void> {
  const messages = ctx.quick ? 150 : 300;
  const run = `e${Date.now() % 1_000_000}`;

  // Cầu Nối: half the messages on Messenger, half on Zalo, from PEOPLE people.
  const service = await startServiceTarget(ctx, 'e2e', { BENCH_DB_TIMING: '1' });
  await pause(500);
  await service.call('dbTiming');
  const ackAt = new Map<number, number>();
  const sampler = new RssSampler(service.pid).start();
  const cpu = cpuMeter({ service: service.pid, database: ctx.db.pid, bench: process.pid });
  const started = Date.now();
  const load = await closedLoop({
    url: service.url,
    concurrency: CONCURRENCY,
    requests: messages,
    maxMs: 120_000,
    request: (i) => platformRequest(i % 2 === 0 ? 'messenger' : 'zalo', run, i, PEOPLE, started),
    accept: (status, _body, i) => {
      ackAt.set(i, Date.now());
      return status === 200;
    },
  });
  const pattern = new RegExp(`${run}-(\\d+)$`);
  const answered = () => ctx.platforms.replies().filter((r) => pattern.test(r.text));
  const deadline = Date.now() + (ctx.quick ? 90_000 : 180_000);
  while (answered().length < load.ok && Date.now() < deadline) await pause(100);
  const replies = answered();
  const cpuUsed = cpu.stop();
  endToEndPeakRssMb = sampler.stop().maxMb;
  const timing = await service.call<DbTiming>('dbTiming');
  await service.stop();

  const lastAt = Math.max(...replies.map((r) => r.at));
  const elapsedMs = lastAt - started;
  const oursRate = (replies.length / elapsedMs) * 1000;
  const latency = summarize(replies.map((r) => r.at - (ackAt.get(Number(pattern.exec(r.text)![1])) ?? started)));
  const perMessage = (ms: number) => ms / Math.max(1, replies.length);
  if (load.failed > 0) ctx.say(`  (${load.failed} webhooks not acknowledged: ${JSON.stringify(load.statuses)})`);
  ctx.say(
    `  Cầu Nối: ${replies.length}/${messages} replies in ${num(elapsedMs / 1000)} s = ${num(oursRate)} msg/s; acknowledged at ${num(load.perSecond)}/s; ack → reply p50 ${num(latency.p50)} ms, p99 ${num(latency.p99)} ms`,
  );
  ctx.say(
    `  CPU per message: service ${num(perMessage(cpuUsed.service!))} ms, FerretDB ${num(perMessage(cpuUsed.database!))} ms, bench client and fakes ${num(perMessage(cpuUsed.bench!))} ms (2 cores: ${num(2000 / perMessage(cpuUsed.service! + cpuUsed.database! + cpuUsed.bench!))} msg/s if CPU were the only limit)`,
  );

  const operations = Object.entries(timing).sort((a, b) => b[1].totalMs - a[1].totalMs);
  const dbTotal = operations.reduce((n, [, t]) => n + t.totalMs, 0);
  const dbCount = operations.reduce((n, [, t]) => n + t.count, 0);
  const commandsPerMessage = dbCount / Math.max(1, replies.length);
  const serviceCpuPerMessage = perMessage(cpuUsed.service!);
  ctx.say(
    `  Database commands per message: ${num(commandsPerMessage)}, ${num(perMessage(dbTotal))} ms of command time (summed over concurrent commands); the costliest:`,
  );
  ctx.say(
    markdownTable(
      ['command collection', 'per message', 'mean ms', 'share of command time'],
      operations
        .slice(0, 12)
        .map(([name, t]) => [name, num(t.count / Math.max(1, replies.length)), num(t.totalMs / t.count), `${num((t.totalMs / dbTotal) * 100, 0)} %`]),
    ),
  );

  // The stock path: the reply is in the HTTP answer, so an answered request is a message done.
  const stock: Record<string, { perSecond: number; p50: number; p99: number; ok: number }> = {};
  for (const storage of ['database', 'memory'] as const) {
    const target = await startStockTarget(ctx, storage);
    const stockRun = `${run}s${storage[0]}`;
    const result = await closedLoop({
      url: target.url,
      concurrency: CONCURRENCY,
      requests: messages,
      maxMs: 120_000,
      request: (i) => stockRequest(stockRun, i, STOCK_PEOPLE),
      accept: stockAnswered(stockRun),
    });
    await target.stop();
    stock[storage] = { perSecond: result.perSecond, p50: result.latency.p50, p99: result.latency.p99, ok: result.ok };
    ctx.say(
      `  stock Botkit, state in ${storage}: ${result.ok}/${messages} replies, ${num(result.perSecond)} msg/s, p50 ${num(result.latency.p50)} ms, p99 ${num(result.latency.p99)} ms`,
    );
  }

  await benchDatabaseScan(ctx);

  ctx.summary.push(
    {
      benchmark: 'end to end',
      measure: 'messages/s, webhook → reply at the fake',
      value: num(oursRate),
      baseline: `stock Botkit, state in db ${num(stock.database!.perSecond)}/s`,
      ratio: ratio(oursRate, stock.database!.perSecond),
      target: '≥ 100 msg/s',
      met: oursRate >= 100 ? 'yes' : 'no',
    },
    {
      benchmark: 'end to end',
      measure: 'messages/s, webhook → reply at the fake',
      value: num(oursRate),
      baseline: `stock Botkit, state in memory ${num(stock.memory!.perSecond)}/s`,
      ratio: ratio(oursRate, stock.memory!.perSecond),
      target: '',
      met: '',
    },
    {
      benchmark: 'end to end',
      measure: 'database commands per message',
      value: num(commandsPerMessage),
      baseline: '',
      ratio: '',
      target: '≤ 10',
      met: commandsPerMessage <= 10 ? 'yes' : 'no',
    },
    {
      benchmark: 'end to end',
      measure: 'service CPU per message (ms)',
      value: num(serviceCpuPerMessage),
      baseline: `FerretDB ${num(perMessage(cpuUsed.database!))} ms`,
      ratio: '',
      target: '≤ 8 ms',
      met: serviceCpuPerMessage <= 8 ? 'yes' : 'no',
    },
  );
}
