import type { FakeGraph } from '../../fakes/messenger/server.js';
import type { FakeZalo } from '../../fakes/zalo/server.js';
import type { Delivery, Platform } from './traffic.js';

/** One message a fake platform accepted for a person. */
export interface Reply {
  platform: Platform;
  userId: string;
  text: string;
  platformMessageId: string;
  /** When the fake accepted it (ms since the epoch). */
  at: number;
}

/** Every message the two fakes accepted, in arrival order per platform. */
export function repliesOf(zalo: FakeZalo | undefined, graph: FakeGraph | undefined): Reply[] {
  const replies: Reply[] = [];
  for (const m of zalo?.sent ?? [])
    replies.push({ platform: 'zalo', userId: m.userId, text: m.body.message.text ?? '', platformMessageId: m.messageId, at: m.at.getTime() });
  for (const s of graph?.sent ?? []) {
    const text = s.message && 'text' in s.message && typeof s.message.text === 'string' ? s.message.text : '';
    replies.push({ platform: 'messenger', userId: s.recipientId, text, platformMessageId: s.message_id, at: s.at.getTime() });
  }
  return replies;
}

export interface Tally {
  sent: number;
  acknowledged: number;
  received: number;
  duplicates: number;
  lost: number;
}

/**
 * Matches acknowledged deliveries with the replies the platforms received, when each reply
 * names its message (`expected(delivery)` is the exact reply text). A delivery answered more
 * than once counts its extra answers as duplicates; one not answered at all is lost.
 */
export function tallyByText(deliveries: Delivery[], replies: Reply[], expected: (d: Delivery) => string): Tally {
  const seen = new Map<string, number>();
  for (const r of replies) {
    const key = `${r.platform}:${r.userId}:${r.text}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  let received = 0;
  let duplicates = 0;
  let lost = 0;
  for (const d of deliveries) {
    if (!d.acked) continue;
    const n = seen.get(`${d.event.person.platform}:${d.event.person.userId}:${expected(d)}`) ?? 0;
    if (n === 0) lost += 1;
    else received += 1;
    duplicates += Math.max(0, n - 1);
  }
  return { sent: deliveries.length, acknowledged: deliveries.filter((d) => d.acked).length, received, duplicates, lost };
}

/** Prints the counts of a run on one line, for the test output. */
export function report(label: string, tally: Tally, extra: Record<string, unknown> = {}): void {
  console.log(
    `[${label}] sent=${tally.sent} acknowledged=${tally.acknowledged} received=${tally.received} duplicates=${tally.duplicates} lost=${tally.lost}${Object.entries(
      extra,
    )
      .map(([k, v]) => ` ${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join('')}`,
  );
}
