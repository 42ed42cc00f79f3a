import type { Logger } from '../log.js';

/** What a job reports about one run: counts for the console and an optional one-line summary. */
interface JobResult {
  counts: Record<string, number>;
  summary?: string;
}

/** What a job gets for one run. */
interface JobContext {
  /** The id of this run in `job_runs`. */
  runId: string;
  /** The scheduled time of this run, or when it was started by hand. */
  now: Date;
  /** Aborted when the service stops: a job stops at the next safe point and reports what it did. */
  signal: AbortSignal;
  log: Logger;
}

/** A scheduled job: a name (also its lease), a node-cron expression and the work. */
export interface JobDefinition {
  name: string;
  /** node-cron expression, read in the configured time zone. */
  cron: string;
  /**
   * How long the lease lasts without renewal. A run renews it while it works; when the
   * instance dies, another may run the job after this long. Default 5 minutes.
   */
  leaseMs?: number;
  run(context: JobContext): Promise<JobResult>;
}
