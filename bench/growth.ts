// Benchmark: growth. The reply time to a single question on an empty database, and again with
// a year's history stored (handled events with their replies, transcript lines both ways,
// contacts with dialog state, tickets, news subscribers), at 10,000, 100,000 and 200,000 handled
// events; then the staff pages (queue with its filters, ticket, a person's data, the yearly and
// six-monthly reports) on that year beside the same pages on an almost empty database; then the
// reply wave after a broadcast (bench/reply-wave.ts) on that year.
// The per-message path reads only live work and `_id`s, so the reply time should not move.
import mongoose from 'mongoose';
import { transcriptOf } from '../src/console/routes/ticket-data.js';
import { listQueue } from '../src/console/queue/query.js';
import { ContactModel } from '../src/db/models/contact.js';
import { rebuildContactTallies } from '../src/services/contact-tallies-migration.js';
import { rebuildTicketCopies } from '../src/services/tickets/copies-migration.js';
import { TicketModel } from '../src/db/models/ticket.js';
import { presetPeriod } from '../src/reports/period.js';
import { buildReport } from '../src/reports/build.js';
import { describePersonalData } from '../src/services/privacy.js';
import { createTicketContext, listAnswerDeliveries, loadTicket } from '../src/services/tickets/index.js';
import { pause, startServiceTarget, type BenchContext } from './lib/context.js';
import { markdownTable, num, ratio } from './lib/format.js';
import { growContacts, growHandledEvents, growTickets } from './lib/history.js';
import { platformRequest } from './lib/platforms.js';
import { summarize } from './lib/stats.js';
import { replyWave } from './reply-wave.js';

/** Sends `count` questions one at a time (each from a new person) and returns each one's time to the reply at the fake Zalo. */
async function singleQuestions(ctx: BenchContext, url: string, run: string, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const request = platformRequest('zalo', run, i, 1_000_000, Date.now());
    const started = performance.now();
    // A 503 is answered as the platform would: the same delivery again, a moment later.
    for (let attempt = 1; ; attempt += 1) {
      const res = await fetch(`${url}${request.path}`, { method: 'POST', headers: request.headers, body: new Uint8Array(request.body) });
      if (res.status === 200) break;
      if (res.status !== 503 || attempt >= 5) throw new Error(`webhook answered ${res.status}`);
      ctx.say(`  (webhook answered 503; delivering again)`);
      await pause(1_000);
    }
    const marker = `${run}-${i}`;
    const deadline = Date.now() + 120_000;
    while (!ctx.platforms.replies().some((r) => r.text.endsWith(marker))) {
      if (Date.now() > deadline) throw new Error(`no reply to ${marker} within 120 s`);
      await pause(2);
    }
    times.push(performance.now() - started);
  }
  return times;
}

/** p95 of `rounds` runs of `fn`, in ms. */
async function timed(rounds: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < rounds; i += 1) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  return summarize(times).p95;
}

/** The staff pages, read through the service's own functions in this process. */
async function staffPages(now: Date): Promise<[string, () => Promise<unknown>][]> {
  const calendar = createTicketContext().calendar;
  const sample = await TicketModel.findOne({ status: 'answered' }, { _id: 1, contactKey: 1 }).sort({ createdAt: -1 }).lean();
  // The baseline's few tickets come from people with no contact stored: any person then.
  const person = (await ContactModel.findById(sample!.contactKey, { _id: 1 }).lean()) ?? (await ContactModel.findOne({}, { _id: 1 }).lean());
  const contactKey = String(person!._id);
  const year = now.getUTCFullYear();
  const report = (preset: 'cal-year' | 'cal-h1' | 'cal-h2') => () =>
    buildReport(presetPeriod(preset, year), { timezone: calendar.timezone, calendar, topicNames: new Map(), now });
  const today = now.toISOString().slice(0, 10);
  const quarterAgo = new Date(now.getTime() - 91 * 86_400_000).toISOString().slice(0, 10);
  return [
    ['queue (one department, new)', () => listQueue({ departmentCode: 'tcdlcl', status: 'new', page: 1 }, calendar, now)],
    [
      'queue (in progress, questions, last 3 months)',
      () => listQueue({ departmentCode: 'tcdlcl', status: 'in_progress', kind: 'question', from: quarterAgo, to: today, page: 1 }, calendar, now),
    ],
    ['queue (closed, page 2)', () => listQueue({ departmentCode: 'tcdlcl', status: 'closed', page: 2 }, calendar, now)],
    ['queue (every department, new)', () => listQueue({ status: 'new', page: 1 }, calendar, now)],
    [
      'ticket page (ticket, transcript, deliveries)',
      async () => {
        const ticket = await loadTicket(String(sample!._id));
        await Promise.all([transcriptOf(ticket.contactKey), listAnswerDeliveries(ticket)]);
      },
    ],
    ["a person's data", () => describePersonalData(contactKey)],
    ['yearly report', report('cal-year')],
    ['six-monthly report', report(now.getUTCMonth() < 6 ? 'cal-h1' : 'cal-h2')],
  ];
}

/** p95 of each staff page, in ms. */
async function timePages(pages: [string, () => Promise<unknown>][], rounds: number): Promise<Map<string, number>> {
  const times = new Map<string, number>();
  for (const [name, fn] of pages) times.set(name, await timed(rounds, fn));
  return times;
}

/** Tickets stored for the staff pages' baseline. */
const BASELINE_TICKETS = 20;

export async function benchGrowth(ctx: BenchContext): Promise<void> {
  const scale = ctx.quick ? 10 : 1;
  const stages = [0, 10_000, 100_000, 200_000].map((n) => n / scale);
  const people = 50_000 / scale;
  const questions = ctx.quick ? 10 : 25;
  const uri = ctx.db.uri('growth');
  const now = new Date();
  await mongoose.connect(uri, { retryWrites: false });
  const service = await startServiceTarget(ctx, 'growth', {}, { uri });
  const rows: { stored: number; p50: number; p95: number }[] = [];
  const rounds = ctx.quick ? 3 : 5;
  let baseline = new Map<string, number>();
  try {
    await pause(500);
    await singleQuestions(ctx, service.url, `gw${Date.now() % 100_000}`, 3);
    let stored = 0;
    for (const target of stages) {
      const t0 = Date.now();
      if (target > stored) await growHandledEvents(stored, target, people, now);
      if (target === stages.at(-1)) {
        await growContacts(people, Math.ceil(target / people), 100_000 / scale - people, now);
        await growTickets(20_000 / scale, people, now);
        // What the start-up migration does for contacts stored before the reports' tallies.
        const t2 = Date.now();
        const tallies = await rebuildContactTallies();
        ctx.say(
          `  tallies of ${num(tallies.contacts, 0)} contacts (${num(tallies.subscribers, 0)} subscribers, ${tallies.months} months of people who wrote) counted in ${num((Date.now() - t2) / 1000)} s`,
        );
        // What the start-up migration does for an installation whose tickets were stored before their copies.
        const t1 = Date.now();
        const copies = await rebuildTicketCopies(createTicketContext().calendar.timezone);
        ctx.say(
          `  copies of ${num(copies.tickets, 0)} tickets (${num(copies.open, 0)} open, ${copies.months} months) written in ${num((Date.now() - t1) / 1000)} s`,
        );
      }
      if (target > 0) ctx.say(`  stored up to ${num(target, 0)} handled events in ${num((Date.now() - t0) / 1000)} s`);
      stored = target;
      // The bulk insert leaves the database busy for a moment (SQLite checkpoints); let it settle.
      await singleQuestions(ctx, service.url, `gw${target}x${Date.now() % 100_000}`, 3);
      const times = await singleQuestions(ctx, service.url, `g${target}x${Date.now() % 100_000}`, questions);
      const stats = summarize(times);
      rows.push({ stored: target, p50: stats.p50, p95: stats.p95 });
      ctx.say(`  ${num(target, 0)} handled events stored: reply p50 ${num(stats.p50)} ms, p95 ${num(stats.p95)} ms (${questions} questions, one at a time)`);
      if (target === 0) {
        // The baseline of the staff pages: the same pages with a few tickets and nothing else stored.
        await growTickets(BASELINE_TICKETS, BASELINE_TICKETS, now, 1_000_000);
        await rebuildTicketCopies(createTicketContext().calendar.timezone);
        baseline = await timePages(await staffPages(now), rounds);
      }
    }
    const empty = rows[0]!;
    ctx.say(
      markdownTable(
        ['handled events stored', 'reply p50 ms', 'reply p95 ms', 'p50 ÷ empty database'],
        rows.map((r) => [num(r.stored, 0), num(r.p50), num(r.p95), ratio(r.p50, empty.p50)]),
      ),
    );
    const year = rows.at(-1)!;
    ctx.summary.push({
      benchmark: 'growth',
      measure: `reply p50 with a year stored (${num(year.stored, 0)} events)`,
      value: `${num(year.p50)} ms`,
      baseline: `empty database ${num(empty.p50)} ms`,
      ratio: ratio(year.p50, empty.p50),
      target: '≤ 1.5×',
      met: year.p50 <= 1.5 * empty.p50 ? 'yes' : 'no',
    });

    // Staff pages on the year, timed in this process against the same database.
    const tickets = 20_000 / scale;
    const times = await timePages(await staffPages(now), rounds);
    const pageRows: string[][] = [];
    for (const [name, p95] of times) {
      const base = baseline.get(name) ?? 0;
      pageRows.push([name, num(p95), num(base), ratio(p95, base)]);
      ctx.summary.push({
        benchmark: 'growth',
        measure: `staff page p95: ${name}`,
        value: `${num(p95)} ms`,
        baseline: `${num(BASELINE_TICKETS, 0)} tickets only: ${num(base)} ms`,
        ratio: ratio(p95, base),
        target: '< 1000 ms',
        met: p95 < 1000 ? 'yes' : 'no',
      });
    }
    ctx.say(
      `  staff pages with ${num(year.stored, 0)} events, ${num(people * 2, 0)} contacts, ${num(tickets, 0)} tickets stored (p95 of ${rounds} reads; baseline: ${BASELINE_TICKETS} tickets and nothing else)`,
    );
    ctx.say(markdownTable(['staff page (read by the service functions, in process)', 'p95 ms', 'baseline p95 ms', 'ratio'], pageRows));

    // The reply wave after a broadcast, on the year's database.
    const wavePeople = ctx.quick ? 500 : 5_000;
    const waveMinutes = ctx.quick ? 1 : 10;
    ctx.say(
      `  reply wave: ${num(wavePeople, 0)} people each send one question over ${waveMinutes} min, then ${num(wavePeople, 0)} more at 25/s` +
        (ctx.quick ? ' (--quick: a tenth of the 5,000 people over 10 minutes of the full run)' : ''),
    );
    const waves = [
      await replyWave(ctx, service.url, `wv${Date.now() % 100_000}a`, wavePeople, wavePeople / (waveMinutes * 60)),
      await replyWave(ctx, service.url, `wv${Date.now() % 100_000}b`, wavePeople, 25),
    ];
    ctx.say(
      markdownTable(
        ['questions/s', 'people', 'answered', 'lost', 'answered twice', 'reply p50 ms', 'reply p95 ms', 'last reply after (s)'],
        waves.map((w) => [num(w.ratePerSecond, 1), num(w.people, 0), num(w.answered, 0), w.lost, w.answeredTwice, num(w.p50), num(w.p95), num(w.drainedInS)]),
      ),
    );
    for (const w of waves) {
      ctx.summary.push({
        benchmark: 'growth',
        measure: `reply wave at ${num(w.ratePerSecond, 1)}/s: reply p95 (lost, twice)`,
        value: `${num(w.p95)} ms (${w.lost}, ${w.answeredTwice})`,
        baseline: `single question on the empty database ${num(empty.p95)} ms`,
        ratio: ratio(w.p95, empty.p95),
        target: 'none lost or twice',
        met: w.lost === 0 && w.answeredTwice === 0 ? 'yes' : 'no',
      });
    }
  } finally {
    await service.stop();
    await mongoose.disconnect();
  }
}
