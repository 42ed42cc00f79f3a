import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxRecordModel } from '../../src/db/models/outbox-message.js';
import type { RunningService } from '../../src/service.js';
import { dropTestDatabase, testDatabaseUri } from '../support/database.js';
import { waitUntil } from '../support/recording-channel.js';
import { repliesOf, report, tallyByText } from './support/ledger.js';
import { echoOf, startEchoService, startFakes, type Fakes } from './support/platforms.js';
import { makePeople, Traffic, type Delivery, type Person } from './support/traffic.js';

const SEND_TIMEOUT_MS = 300;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const textOf = (d: Delivery) => ('text' in d.event.said ? d.event.said.text : '');

const uri = testDatabaseUri('platform_faults');
let fakes: Fakes;
let service: RunningService;

beforeAll(async () => {
  fakes = await startFakes();
  service = await startEchoService(uri, fakes, { OUTBOX_SEND_TIMEOUT_MS: String(SEND_TIMEOUT_MS) });
});

afterAll(async () => {
  await service?.stop();
  await fakes?.close();
  await dropTestDatabase(uri);
});

/** Codes of every failed attempt recorded in the outbox, counted. */
async function failedAttemptCodes(): Promise<Record<string, number>> {
  const entries = await OutboxRecordModel.find({}, { attempts: 1 }).lean();
  const codes: Record<string, number> = {};
  for (const e of entries) for (const a of e.attempts) if (!a.ok) codes[a.code ?? '?'] = (codes[a.code ?? '?'] ?? 0) + 1;
  return codes;
}

describe('the platforms failing while traffic flows', () => {
  it('when Zalo and Messenger answer 500, then rate limits, then hang past the send timeout, then every message is delivered once after they recover', async () => {
    const traffic = new Traffic({
      people: makePeople(4),
      ratePerSecond: 8,
      say: (p, k) => ({ text: `hỏi ${p.userId.slice(-6)} lần ${k}` }),
      target: () => service.url,
    });
    traffic.start();
    await sleep(1_000);

    // Messenger: a queue of failures, answered in this order to the next calls.
    fakes.graph.httpErrorNext(4, 500);
    fakes.graph.httpErrorNext(3, 429);
    fakes.graph.rateLimitNext(3, 613);
    fakes.graph.hangNext(3);
    // Zalo: 500s, then 429s, then no answer at all for two seconds.
    const zaloAttemptsBefore = fakes.zalo.sendAttempts.length;
    fakes.zalo.failNextSendsWithHttp(4, 500);
    fakes.zalo.failNextSendsWithHttp(3, 429);
    await waitUntil(() => fakes.zalo.sendAttempts.length >= zaloAttemptsBefore + 7, 20_000, 'the Zalo failures to be used');
    fakes.zalo.hang(true);
    await sleep(2_000);
    fakes.zalo.hang(false);

    await sleep(2_000);
    await traffic.stop(20_000);
    expect(traffic.deliveries.filter((d) => !d.acked)).toHaveLength(0);

    const tally = () => tallyByText(traffic.deliveries, repliesOf(fakes.zalo, fakes.graph), (d) => echoOf(textOf(d)));
    await waitUntil(() => tally().lost === 0, 50_000, 'every message delivered').catch(() => undefined);
    await sleep(1_000);
    const final = tally();
    const codes = await failedAttemptCodes();
    report('platform faults', final, { failedAttempts: codes, graphCalls: fakes.graph.attempts, zaloCalls: fakes.zalo.sendAttempts.length });

    expect(final.sent).toBeGreaterThan(40);
    expect(final.lost).toBe(0);
    expect(final.duplicates).toBe(0);
    // Each kind of failure happened and was retried, none given up on.
    expect(codes.http_500).toBeGreaterThanOrEqual(8);
    expect(codes.http_429).toBeGreaterThanOrEqual(6);
    expect(codes['613']).toBeGreaterThanOrEqual(3);
    expect((codes.messenger_unreachable ?? 0) + (codes.zalo_unreachable ?? 0)).toBeGreaterThanOrEqual(4);
    expect(await OutboxRecordModel.countDocuments({ status: { $ne: 'sent' } })).toBe(0);
  }, 90_000);

  it("when Zalo answers -230 and Messenger 551, then those messages fail at once with the code, are not retried, and the person's next message still goes", async () => {
    const [zaloPerson, messengerPerson] = [makePeople(1, ['zalo'])[0]!, makePeople(1, ['messenger'])[0]!] as [Person, Person];
    const traffic = new Traffic({ people: [], ratePerSecond: 1, say: () => ({ text: '' }), target: () => service.url });

    await service.outboxWorker.idle(20_000);
    fakes.zalo.failNextSends(1, -230, 'User has not interacted with the OA in the past 7 days');
    fakes.graph.blockRecipient(messengerPerson.userId);
    traffic.send(zaloPerson, { text: 'câu hỏi bị từ chối' });
    traffic.send(messengerPerson, { text: 'câu hỏi bị chặn' });
    await traffic.stop(10_000);

    const refused = async () => OutboxRecordModel.find({ contactKey: { $in: [`zalo:${zaloPerson.userId}`, `messenger:${messengerPerson.userId}`] } }).lean();
    await waitUntil(async () => (await refused()).filter((m) => m.status === 'failed').length === 2, 15_000, 'both refusals recorded');
    // Longer than the first retry would wait: still one attempt each.
    await sleep(2_500);
    const entries = await refused();
    expect(
      entries
        .map((m) => ({ channel: m.channel, status: m.status, code: m.outcome?.code, attempts: m.attempts.length }))
        .sort((a, b) => a.channel.localeCompare(b.channel)),
    ).toEqual([
      { channel: 'messenger', status: 'failed', code: '551/1545041', attempts: 1 },
      { channel: 'zalo', status: 'failed', code: '-230', attempts: 1 },
    ]);
    expect(fakes.zalo.sendAttempts.filter((a) => a.userId === zaloPerson.userId)).toHaveLength(1);

    // The queue is not stuck behind a refused message.
    traffic.send(zaloPerson, { text: 'câu hỏi tiếp theo' });
    await traffic.stop(10_000);
    await waitUntil(() => fakes.zalo.messagesTo(zaloPerson.userId).length === 1, 15_000, 'the next message delivered');
    expect(fakes.zalo.messagesTo(zaloPerson.userId).map((m) => m.body.message.text)).toEqual([echoOf('câu hỏi tiếp theo')]);
    console.log(`[permanent errors] zalo -230 attempts=1 messenger 551 attempts=1 retried=0 next message delivered=1`);
  }, 60_000);
});
