// Benchmark 4: news to 100,000 subscribers with the project's news module (src/news): time
// to plan one delivery per subscriber, peak resident memory while planning, and how fast
// planned deliveries reach the fake platforms with rate limits off (measured over a window,
// as sending them all would take far longer than the bench may).
import { join } from 'node:path';
import { startTarget } from './lib/child.js';
import { pause, type BenchContext } from './lib/context.js';
import { num } from './lib/format.js';
import { RssSampler } from './lib/rss.js';

export async function benchNews(ctx: BenchContext): Promise<void> {
  const subscribers = ctx.quick ? 10_000 : 100_000;
  const windowMs = ctx.quick ? 10_000 : 20_000;
  const target = await startTarget({
    script: 'news.ts',
    name: 'news',
    logFile: join(ctx.workDir, 'news.log'),
    cpuProfileDir: ctx.cpuProfileDir,
    env: { NODE_ENV: 'production', LOG_LEVEL: 'info', BENCH_MONGODB_URI: ctx.db.uri('news'), ...ctx.platforms.serviceEnv() },
  });
  try {
    const seeded = await target.call<{ ms: number }>('seed', { count: subscribers });
    ctx.say(`  ${subscribers} subscribers seeded in ${num(seeded.ms / 1000)} s (not part of any figure)`);
    await pause(500);
    const idleMb = target.rssMb();
    const before = ctx.platforms.repliesReceived();
    const sampler = new RssSampler(target.pid, 100).start();
    const run = await target.call<{ planMs: number; targeted: number; peakPlanningMb: number; sendMs: number; counts: { queued: number; sent: number } }>(
      'dispatch',
      { windowMs },
    );
    const rss = sampler.stop();
    const received = ctx.platforms.repliesReceived() - before;
    const sendsPerSecond = run.sendMs > 0 ? (received / run.sendMs) * 1000 : 0;
    const planRss = Math.max(run.peakPlanningMb, idleMb);
    ctx.say(
      `  planned ${run.targeted} deliveries in ${num(run.planMs / 1000)} s (${num((run.targeted / run.planMs) * 1000)} per second); RSS ${num(idleMb)} MB before, peak ${num(planRss)} MB while planning`,
    );
    ctx.say(
      `  then ${num(run.sendMs / 1000)} s of sending, rate limits off: ${run.counts.queued} queued to the outbox (${num((run.counts.queued / run.sendMs) * 1000)}/s), ${received} received by the fakes = ${num(sendsPerSecond)} sends/s; RSS peak ${num(rss.maxMb)} MB`,
    );

    ctx.summary.push(
      {
        benchmark: 'news',
        measure: `time to plan ${subscribers.toLocaleString('en')} subscribers (s)`,
        value: num(run.planMs / 1000),
        baseline: '',
        ratio: '',
        target: '< 30 s',
        met: run.planMs < 30_000 ? 'yes' : 'no',
      },
      {
        benchmark: 'news',
        measure: 'peak RSS while planning (MB)',
        value: num(planRss),
        baseline: `${num(idleMb)} MB before`,
        ratio: '',
        target: '< 300 MB',
        met: planRss < 300 ? 'yes' : 'no',
      },
      { benchmark: 'news', measure: 'sends/s to the fakes, rate limits off', value: num(sendsPerSecond), baseline: '', ratio: '', target: '', met: '' },
    );
  } finally {
    await target.stop();
  }
}
