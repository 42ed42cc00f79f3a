import { timingSafeEqual } from 'node:crypto';
import { Router } from 'express';
import mongoose from 'mongoose';
import { InboxEventModel } from '../db/models/inbox-event.js';
import { OutboxMessageModel } from '../db/models/outbox-message.js';
import { JobRunModel } from '../db/models/job-run.js';
import { metrics } from './registry.js';

function gauge(name: string, help: string, samples: { labels?: string; value: number }[]): string {
  return [`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, ...samples.map((s) => `${name}${s.labels ? `{${s.labels}}` : ''} ${s.value}`)].join('\n');
}

/** Runs of each scheduled job in the last 24 hours by outcome, and when each last succeeded. */
async function jobRunGauges(): Promise<string> {
  const since = new Date(Date.now() - 86_400_000);
  const runs = await JobRunModel.find({ startedAt: { $gte: since } }, { job: 1, outcome: 1, endedAt: 1 }).lean();
  const byOutcome = new Map<string, number>();
  const lastOk = new Map<string, number>();
  for (const run of runs) {
    const key = `job="${run.job}",outcome="${run.outcome}"`;
    byOutcome.set(key, (byOutcome.get(key) ?? 0) + 1);
    if (run.outcome === 'ok' && run.endedAt) lastOk.set(run.job, Math.max(lastOk.get(run.job) ?? 0, run.endedAt.getTime() / 1000));
  }
  return [
    gauge('caunoi_job_runs_last_day', 'Runs of scheduled jobs in the last 24 hours, by job and outcome', [...byOutcome].map(([labels, value]) => ({ labels, value }))),
    gauge('caunoi_job_last_success_timestamp_seconds', 'When each job last finished successfully (last 24 hours)', [...lastOk].map(([job, value]) => ({ labels: `job="${job}"`, value }))),
  ].join('\n');
}

function tokenMatches(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Extra gauges contributed by features (e.g. job runs), rendered with the rest. */
export type MetricsSource = () => Promise<string>;

/**
 * `GET /metrics` in the Prometheus text format: inbox depth and age of the oldest pending
 * event, dead events, outbox depth, send errors by code, turn latency, job runs
 * by outcome and the time of each job's last success.
 * When `token` is set, a scraper must send `Authorization: Bearer <token>`.
 */
export function metricsRoutes(options: { token?: string; sources?: MetricsSource[] }): Router {
  const router = Router();
  router.get('/metrics', async (req, res) => {
    if (options.token && !tokenMatches(req.get('authorization') ?? '', `Bearer ${options.token}`)) {
      res.status(401).type('text/plain').send('metrics need a bearer token (METRICS_TOKEN)\n');
      return;
    }
    const parts: string[] = [];
    if (mongoose.connection.readyState === 1) {
      const [pending, dead, oldest, outbox] = await Promise.all([
        InboxEventModel.countDocuments({ status: 'pending' }),
        InboxEventModel.countDocuments({ status: 'dead' }),
        InboxEventModel.findOne({ status: 'pending' }, { receivedAt: 1 }).sort({ receivedAt: 1 }).lean(),
        // The outbox holds only messages still to send; what became of the others is counted by caunoi_sends_total.
        OutboxMessageModel.estimatedDocumentCount(),
      ]);
      parts.push(gauge('caunoi_inbox_pending', 'Inbound events waiting to be handled', [{ value: pending }]));
      parts.push(gauge('caunoi_inbox_dead', 'Inbound events parked after repeated failures', [{ value: dead }]));
      parts.push(gauge('caunoi_inbox_oldest_pending_seconds', 'Age of the oldest pending inbound event', [{ value: oldest ? (Date.now() - oldest.receivedAt.getTime()) / 1000 : 0 }]));
      parts.push(gauge('caunoi_outbox_messages', 'Outbound messages waiting to be sent', [{ labels: 'status="pending"', value: outbox }]));
      parts.push(await jobRunGauges());
    }
    parts.push(gauge('caunoi_database_up', 'Whether the database connection is open', [{ value: mongoose.connection.readyState === 1 ? 1 : 0 }]));
    for (const source of options.sources ?? []) parts.push(await source());
    parts.push(...Object.values(metrics).map((m) => m.render()));
    parts.push(gauge('process_resident_memory_bytes', 'Resident memory', [{ value: process.memoryUsage().rss }]));
    res.type('text/plain; version=0.0.4').send(`${parts.filter(Boolean).join('\n')}\n`);
  });
  return router;
}
