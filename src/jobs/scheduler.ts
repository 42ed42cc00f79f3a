import { validate } from 'node-cron';
import { AppError } from '../errors.js';
import { log } from '../log.js';
import { cronTicker, type StopTicks, type Ticker } from './cron-ticker.js';
import { runJobOnce } from './run.js';
import type { JobDefinition } from './types.js';
import { waitAtMost } from '../timeout.js';

const schedulerLog = log.child({ module: 'jobs.scheduler' });

export interface SchedulerOptions {
  /** IANA time zone the cron expressions are read in (`config.timezone`). */
  timezone: string;
  /** Lease holder identity; defaults to this process. */
  owner?: string;
  /** What fires the schedules; the wall clock through node-cron unless a test moves time itself. */
  ticker?: Ticker;
}

/** Runs jobs on their schedules; see {@link createScheduler}. */
export interface Scheduler {
  readonly jobs: readonly JobDefinition[];
  start(): Promise<void>;
  /** Stops the schedules, asks running jobs to stop and waits for them (at most `timeoutMs`). */
  stop(timeoutMs?: number): Promise<void>;
}

/**
 * Schedules each job with node-cron. Every tick goes through {@link runJobOnce}, so across
 * instances each scheduled slot runs once and never two runs of one job overlap. Throws an
 * {@link AppError} naming the job when an expression is invalid; constructs only, nothing runs
 * before `start()`.
 */
export function createScheduler(jobs: readonly JobDefinition[], options: SchedulerOptions): Scheduler {
  for (const job of jobs) {
    if (!validate(job.cron)) throw new AppError('cron_invalid', `The schedule of job "${job.name}" is not a valid cron expression: "${job.cron}"`);
  }
  const abort = new AbortController();
  const running = new Set<Promise<unknown>>();
  const ticker = options.ticker ?? cronTicker;
  let stops: StopTicks[] = [];

  async function tick(job: JobDefinition, slot: Date): Promise<void> {
    const run = runJobOnce(job, { slot, owner: options.owner, signal: abort.signal });
    running.add(run);
    try {
      await run;
    } catch (err) {
      // The database was unreachable for the lease or the run record: nothing ran, the next tick tries again.
      schedulerLog.error({ err, job: job.name }, 'could not start the job; it is tried again at its next scheduled time');
    } finally {
      running.delete(run);
    }
  }

  return {
    jobs,
    async start() {
      if (stops.length > 0) return;
      for (const job of jobs) stops.push(await ticker.schedule(job.name, job.cron, options.timezone, (slot) => tick(job, slot)));
      schedulerLog.info({ jobs: jobs.map((j) => `${j.name} (${j.cron})`), timezone: options.timezone }, 'scheduled jobs started');
    },
    async stop(timeoutMs = 10_000) {
      abort.abort();
      for (const stopTicks of stops) await stopTicks();
      stops = [];
      if (running.size === 0) return;
      const finished = await waitAtMost(Promise.allSettled([...running]), timeoutMs);
      if (!finished.done) schedulerLog.warn({ timeoutMs }, 'jobs still running at shutdown; their leases expire and the next run takes over');
    },
  };
}
