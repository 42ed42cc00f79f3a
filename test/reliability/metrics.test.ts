import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InboxEventModel } from '../../src/db/models/inbox-event.js';
import type { RunningService } from '../../src/service.js';
import { dropTestDatabase, testDatabaseUri } from '../support/database.js';
import { waitUntil } from '../support/recording-channel.js';
import { repliesOf } from './support/ledger.js';
import { startEchoService, startFakes, type Fakes } from './support/platforms.js';
import { makePeople, Traffic } from './support/traffic.js';
import { runJobOnce } from '../../src/jobs/run.js';

const TOKEN = 'scrape-token-for-tests';
const uri = testDatabaseUri('metrics');
let fakes: Fakes;
let service: RunningService;

beforeAll(async () => {
  fakes = await startFakes();
  service = await startEchoService(uri, fakes, { METRICS_TOKEN: TOKEN });
});

afterAll(async () => {
  await service?.stop();
  await fakes?.close();
  await dropTestDatabase(uri);
});

async function scrape(): Promise<string> {
  const res = await fetch(`${service.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain');
  return res.text();
}

/** The value of one sample; `labels` must all be present on it. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1] ?? '', m[2]] as const));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(match[3]);
  }
  return undefined;
}

describe('GET /metrics', () => {
  it('when no bearer token is sent, then it is refused', async () => {
    expect((await fetch(`${service.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${service.url}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
  });

  it('after traffic, then it shows inbox depth and age, outbox depth, send errors by code and turn latency', async () => {
    const people = makePeople(2);
    const traffic = new Traffic({ people, ratePerSecond: 20, say: (p, k) => ({ text: `đo ${p.userId.slice(-4)} ${k}` }), target: () => service.url });

    // A backlog while the inbox worker is stopped: depth and the age of the oldest event show it.
    await service.inboxWorker.stop();
    for (let i = 0; i < 8; i += 1) traffic.send(people[i % people.length]!);
    await traffic.stop(10_000);
    // The backlog is made five seconds old instead of waiting: each event keeps its order and is
    // due at once (past its reorder window), so the worker takes it as soon as it starts.
    for (const event of await InboxEventModel.find({ status: 'pending' }, { receivedAt: 1, nextAttemptAt: 1 }).lean()) {
      await InboxEventModel.updateOne(
        { _id: event._id },
        { $set: { receivedAt: new Date(event.receivedAt.getTime() - 5_000), nextAttemptAt: new Date(event.nextAttemptAt.getTime() - 5_000) } },
      );
    }
    const backlog = await scrape();
    expect(sample(backlog, 'caunoi_inbox_pending')).toBe(8);
    expect(sample(backlog, 'caunoi_inbox_oldest_pending_seconds')).toBeGreaterThanOrEqual(5);
    expect(sample(backlog, 'caunoi_inbox_dead')).toBe(0);
    expect(sample(backlog, 'caunoi_webhook_events_total', { channel: 'zalo', result: 'stored' })).toBe(4);
    expect(sample(backlog, 'caunoi_database_up')).toBe(1);

    // The turns run with the outbox stopped: the replies wait in the outbox.
    await service.outboxWorker.stop();
    service.inboxWorker.start();
    await service.inboxWorker.idle(20_000);
    const queued = await scrape();
    expect(sample(queued, 'caunoi_inbox_pending')).toBe(0);
    expect(sample(queued, 'caunoi_outbox_messages', { status: 'pending' })).toBe(8);
    expect(sample(queued, 'caunoi_turn_duration_seconds_count', { channel: 'zalo' })).toBe(4);
    expect(sample(queued, 'caunoi_turn_duration_seconds_bucket', { channel: 'messenger', le: '+Inf' })).toBe(4);
    expect(sample(queued, 'caunoi_turn_duration_seconds_sum', { channel: 'messenger' })).toBeGreaterThan(0);

    // The platforms refuse once each, then deliver: the errors are counted by their code.
    fakes.zalo.failNextSendsWithHttp(1, 500);
    fakes.graph.rateLimitNext(1, 613);
    service.outboxWorker.start();
    await waitUntil(() => repliesOf(fakes.zalo, fakes.graph).length === 8, 20_000, 'eight replies');
    await service.outboxWorker.idle(10_000);
    const after = await scrape();
    expect(sample(after, 'caunoi_outbox_messages', { status: 'pending' })).toBe(0);
    expect(sample(after, 'caunoi_sends_total', { channel: 'zalo', outcome: 'failed' }) ?? 0).toBe(0);
    expect(sample(after, 'caunoi_send_errors_total', { channel: 'zalo', code: 'http_500' })).toBe(1);
    expect(sample(after, 'caunoi_send_errors_total', { channel: 'messenger', code: '613' })).toBe(1);
    expect(sample(after, 'caunoi_sends_total', { channel: 'zalo', outcome: 'sent' })).toBe(4);
    expect(sample(after, 'caunoi_sends_total', { channel: 'messenger', outcome: 'retry' })).toBe(1);
    console.log(
      `[metrics] inbox_pending=${sample(backlog, 'caunoi_inbox_pending')} oldest_s=${sample(backlog, 'caunoi_inbox_oldest_pending_seconds')} outbox_pending=${sample(queued, 'caunoi_outbox_messages', { status: 'pending' })} send_errors{http_500}=1 send_errors{613}=1 turns=${(sample(queued, 'caunoi_turn_duration_seconds_count', { channel: 'zalo' }) ?? 0) + (sample(queued, 'caunoi_turn_duration_seconds_count', { channel: 'messenger' }) ?? 0)}`,
    );
  }, 60_000);

  it('when scheduled jobs have run, then their runs by outcome and last success are shown', async () => {
    const now = Date.now();
    await runJobOnce(
      { name: 'deadline-digest', cron: '* * * * *', leaseMs: 10_000, run: () => Promise.resolve({ counts: { departments: 2 } }) },
      { owner: 'metrics-test' },
    );
    await runJobOnce(
      {
        name: 'retention',
        cron: '* * * * *',
        leaseMs: 10_000,
        run: () => Promise.reject(new Error('disk full')),
      },
      { owner: 'metrics-test' },
    );
    const text = await scrape();
    expect(sample(text, 'caunoi_job_runs_last_day', { job: 'deadline-digest', outcome: 'ok' })).toBe(1);
    expect(sample(text, 'caunoi_job_runs_last_day', { job: 'retention', outcome: 'failed' })).toBe(1);
    expect(sample(text, 'caunoi_job_last_success_timestamp_seconds', { job: 'deadline-digest' })).toBeGreaterThanOrEqual(Math.floor(now / 1000) - 1);
    expect(sample(text, 'caunoi_job_last_success_timestamp_seconds', { job: 'retention' })).toBeUndefined();
  });
});
