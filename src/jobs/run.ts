import { randomUUID } from 'node:crypto';
import { isDuplicateKey } from '../db/connect.js';
import { acquireLease, instanceId, releaseLease, renewLease } from '../db/lease.js';
import { JobRunModel } from '../db/models/job-run.js';
import { describeError } from '../errors.js';
import { log } from '../log.js';
import type { JobDefinition } from './types.js';

const jobsLog = log.child({ module: 'jobs' });

const DEFAULT_JOB_LEASE_MS = 5 * 60_000;

export interface RunJobOptions {
  /** Lease holder identity; defaults to this process. Two schedulers need two owners. */
  owner?: string;
  /**
   * The scheduled time this run is for. Runs of one job for the same slot happen once across
   * all instances, even when one instance finished before another's clock reached the slot.
   * Leave it out for a run started by hand.
   */
  slot?: Date;
  /** Aborts the job at its next safe point (service shutdown). */
  signal?: AbortSignal;
  now?: () => Date;
}

/** How a call to {@link runJobOnce} ended. */
export type RunJobOutcome =
  | { status: 'ok'; runId: string; counts: Record<string, number>; summary?: string }
  | { status: 'failed'; runId: string; error: string }
  | { status: 'skipped'; reason: 'busy' | 'already_ran' };

/**
 * Runs a job once if no other instance is running it and nobody ran this slot yet. Takes the
 * lease `job:<name>` in MongoDB (renewed while the job works, given back after; a run that dies
 * frees it when it expires), records the run in `job_runs` (start, end, outcome, counts,
 * error) and marks runs left `running` by a dead instance as `abandoned`. A failing job is
 * recorded and logged, never thrown: the scheduler goes on.
 */
export async function runJobOnce(job: JobDefinition, options: RunJobOptions = {}): Promise<RunJobOutcome> {
  const owner = options.owner ?? instanceId;
  const now = options.now ?? (() => new Date());
  const leaseName = `job:${job.name}`;
  const leaseMs = job.leaseMs ?? DEFAULT_JOB_LEASE_MS;
  const runLog = jobsLog.child({ job: job.name });

  if (!(await acquireLease(leaseName, leaseMs, owner))) {
    runLog.debug('another instance is running this job; skipped');
    return { status: 'skipped', reason: 'busy' };
  }
  const renewTimer = setInterval(
    () => {
      renewLease(leaseName, leaseMs, owner)
        .then((held) => {
          if (!held) runLog.warn('lease lost while running: another instance may start this job; check database latency');
        })
        // Going on is safe: the run finishes; at worst another instance starts after the lease expires.
        .catch((err: unknown) => runLog.warn({ err }, 'lease renewal failed'));
    },
    Math.max(1_000, leaseMs / 3),
  );
  renewTimer.unref();

  try {
    const startedAt = now();
    // We hold the lease, so a run still marked running was left by an instance that died.
    await JobRunModel.updateMany(
      { job: job.name, outcome: 'running' },
      { $set: { outcome: 'abandoned', endedAt: startedAt, error: 'The instance running it stopped before it finished; its lease expired.' } },
    );
    const runId = options.slot ? `${job.name}@${options.slot.toISOString()}` : `${job.name}@manual-${startedAt.toISOString()}-${randomUUID().slice(0, 8)}`;
    try {
      await JobRunModel.create({
        _id: runId,
        job: job.name,
        trigger: options.slot ? 'schedule' : 'manual',
        slot: options.slot,
        owner,
        startedAt,
        outcome: 'running',
      });
    } catch (err) {
      if (isDuplicateKey(err)) {
        runLog.debug({ runId }, 'this slot already ran on another instance; skipped');
        return { status: 'skipped', reason: 'already_ran' };
      }
      throw err;
    }

    runLog.info({ runId }, 'job started');
    try {
      const signal = options.signal ?? new AbortController().signal;
      const result = await job.run({ runId, now: startedAt, signal, log: runLog.child({ runId }) });
      await JobRunModel.updateOne({ _id: runId }, { $set: { outcome: 'ok', endedAt: now(), counts: result.counts, summary: result.summary } });
      runLog.info({ runId, counts: result.counts }, result.summary ?? 'job finished');
      return { status: 'ok', runId, counts: result.counts, summary: result.summary };
    } catch (err) {
      const error = describeError(err).slice(0, 2_000);
      runLog.error({ err, runId }, 'job failed; it runs again at its next scheduled time');
      await JobRunModel.updateOne({ _id: runId }, { $set: { outcome: 'failed', endedAt: now(), error } });
      return { status: 'failed', runId, error };
    }
  } finally {
    clearInterval(renewTimer);
    await releaseLease(leaseName, owner).catch((err: unknown) => runLog.warn({ err }, 'lease release failed; it expires on its own'));
  }
}
