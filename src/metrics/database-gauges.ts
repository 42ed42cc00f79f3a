import mongoose from 'mongoose';
import { Gauge, Registry } from 'prom-client';
import { InboxEventModel } from '../db/models/inbox-event.js';
import { JobRunModel } from '../db/models/job-run.js';
import { queuedMessageCount } from '../outbox/records.js';

const DAY_MS = 86_400_000;

/** Gauges read from the database at each scrape. */
export interface DatabaseGauges {
  /**
   * Reads the queue depths and job runs and renders them in the Prometheus text format. While
   * the database is down only `caunoi_database_up 0` is rendered: no depth rather than a false 0.
   */
  scrape(): Promise<string>;
}

/**
 * The gauges that describe shared state: inbox depth, dead events and
 * the age of the oldest pending event, outbox depth (what became of sent messages is counted by
 * `caunoi_sends_total`), runs of scheduled jobs in the
 * last 24 hours by outcome and each job's last success, and whether the database is reachable.
 * `now` is the clock the ages are measured against.
 */
export function createDatabaseGauges(now: () => number = Date.now): DatabaseGauges {
  // Each call has its own registries, so several apps in one process (tests) each have theirs.
  const registry = new Registry();
  const upRegistry = new Registry();
  const registers = [registry];
  const inboxPending = new Gauge({ name: 'caunoi_inbox_pending', help: 'Inbound events waiting to be handled', registers });
  const inboxDead = new Gauge({ name: 'caunoi_inbox_dead', help: 'Inbound events parked after repeated failures', registers });
  const inboxOldest = new Gauge({ name: 'caunoi_inbox_oldest_pending_seconds', help: 'Age of the oldest pending inbound event', registers });
  const outbox = new Gauge({ name: 'caunoi_outbox_messages', help: 'Outbound messages waiting to be sent', labelNames: ['status'] as const, registers });
  const jobRuns = new Gauge({
    name: 'caunoi_job_runs_last_day',
    help: 'Runs of scheduled jobs in the last 24 hours, by job and outcome',
    labelNames: ['job', 'outcome'] as const,
    registers,
  });
  const jobLastSuccess = new Gauge({
    name: 'caunoi_job_last_success_timestamp_seconds',
    help: 'When each job last finished successfully (last 24 hours)',
    labelNames: ['job'] as const,
    registers,
  });
  const databaseUp = new Gauge({ name: 'caunoi_database_up', help: 'Whether the database connection is open', registers: [upRegistry] });

  async function readJobRuns(): Promise<void> {
    const runs = await JobRunModel.find({ startedAt: { $gte: new Date(now() - DAY_MS) } }, { job: 1, outcome: 1, endedAt: 1 }).lean();
    const lastOk = new Map<string, number>();
    for (const run of runs) {
      jobRuns.inc({ job: run.job, outcome: run.outcome });
      if (run.outcome === 'ok' && run.endedAt) lastOk.set(run.job, Math.max(lastOk.get(run.job) ?? 0, run.endedAt.getTime() / 1000));
    }
    for (const [job, seconds] of lastOk) jobLastSuccess.set({ job }, seconds);
  }

  return {
    async scrape() {
      registry.resetMetrics();
      const connected = mongoose.connection.readyState === mongoose.ConnectionStates.connected;
      databaseUp.set(connected ? 1 : 0);
      if (!connected) return upRegistry.metrics();
      const [pending, dead, oldest, queued] = await Promise.all([
        InboxEventModel.countDocuments({ status: 'pending' }),
        InboxEventModel.countDocuments({ status: 'dead' }),
        InboxEventModel.findOne({ status: 'pending' }, { receivedAt: 1 }).sort({ receivedAt: 1 }).lean(),
        queuedMessageCount(),
      ]);
      inboxPending.set(pending);
      inboxDead.set(dead);
      inboxOldest.set(oldest ? (now() - oldest.receivedAt.getTime()) / 1000 : 0);
      outbox.set({ status: 'pending' }, queued);
      await readJobRuns();
      return `${await registry.metrics()}\n${await upRegistry.metrics()}`;
    },
  };
}
