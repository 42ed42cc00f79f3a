// The reply wave after a broadcast: many people each send one question within minutes, through
// the real webhook path with the workers on, on a database that holds a year's history. How
// long each waited for the reply, and whether any question went unanswered or was answered twice.
import { pause, type BenchContext } from './lib/context.js';
import { num } from './lib/format.js';
import { paced } from './lib/load.js';
import { platformRequest } from './lib/platforms.js';
import { summarize } from './lib/stats.js';

export interface WaveResult {
  people: number;
  ratePerSecond: number;
  acknowledged: number;
  answered: number;
  lost: number;
  answeredTwice: number;
  p50: number;
  p95: number;
  /** From the first question to the last reply, s. */
  drainedInS: number;
}

/** How long the replies may keep coming after the last question before the rest count as lost. */
const QUIET_MS = 120_000;
/** Question `i` comes from person `FIRST_PERSON + i`, someone who never wrote before. */
const FIRST_PERSON = 5_000_000;

/**
 * `people` people (new ones, on Zalo) each send one question, `ratePerSecond` questions a
 * second whatever the answers (open loop); then waits until every question is answered or no
 * reply came for {@link QUIET_MS}. Reply time counts from the moment the question was due.
 */
export async function replyWave(ctx: BenchContext, url: string, run: string, people: number, ratePerSecond: number): Promise<WaveResult> {
  const repliesBefore = ctx.platforms.replies().length;
  const sent = await paced({
    url,
    ratePerSecond,
    durationMs: (people / ratePerSecond) * 1000,
    // The platform's timestamp is the base time plus the number: the service drops events from the future.
    request: (i) => platformRequest('zalo', run, FIRST_PERSON + i, Number.MAX_SAFE_INTEGER, Date.now() - FIRST_PERSON),
  });
  const total = sent.sent;
  const interval = 1000 / ratePerSecond;
  const firstReply = new Map<number, number>();
  const count = new Map<number, number>();
  const pattern = new RegExp(`${run}-(\\d+)$`);
  let seen = repliesBefore;
  let lastProgress = Date.now();
  for (;;) {
    const replies = ctx.platforms.replies();
    for (const reply of replies.slice(seen)) {
      const match = pattern.exec(reply.text);
      if (!match) continue;
      const i = Number(match[1]) - FIRST_PERSON;
      count.set(i, (count.get(i) ?? 0) + 1);
      if (!firstReply.has(i)) firstReply.set(i, reply.at);
      lastProgress = Date.now();
    }
    seen = replies.length;
    if (firstReply.size >= total || Date.now() - lastProgress > QUIET_MS) break;
    await pause(250);
  }
  const waits = [...firstReply].map(([i, at]) => at - (sent.startedAt + i * interval));
  const stats = summarize(waits);
  const lastAt = firstReply.size > 0 ? Math.max(...firstReply.values()) : sent.startedAt;
  ctx.say(
    `  ${num(total, 0)} people, ${num(ratePerSecond, 1)} questions/s: ${sent.ok} acknowledged; ${firstReply.size} answered (${total - firstReply.size} lost, ` +
      `${[...count.values()].filter((c) => c > 1).length} answered twice); reply p50 ${num(stats.p50)} ms, p95 ${num(stats.p95)} ms; ` +
      `last reply ${num((lastAt - sent.startedAt) / 1000)} s after the first question`,
  );
  return {
    people: total,
    ratePerSecond,
    acknowledged: sent.ok,
    answered: firstReply.size,
    lost: total - firstReply.size,
    answeredTwice: [...count.values()].filter((c) => c > 1).length,
    p50: stats.p50,
    p95: stats.p95,
    drainedInS: (lastAt - sent.startedAt) / 1000,
  };
}
