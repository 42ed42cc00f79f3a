import { Schema, model } from 'mongoose';

const JOB_RUN_OUTCOMES = ['running', 'ok', 'failed', 'abandoned'] as const;

/**
 * One run of a scheduled job. `_id` is `<job>@<scheduled time>` for a scheduled run, so two
 * instances firing the same slot collide here and only one runs it; a run started by hand
 * gets an id of its own. A run left `running` by an instance that died is marked `abandoned`
 * by the next run of the same job.
 */
const jobRunSchema = new Schema(
  {
    _id: { type: String, required: true },
    job: { type: String, required: true },
    trigger: { type: String, enum: ['schedule', 'manual'], required: true },
    /** The scheduled time this run is for (absent for a run started by hand). */
    slot: Date,
    /** The lease holder that ran it. */
    owner: { type: String, required: true },
    startedAt: { type: Date, required: true },
    endedAt: Date,
    outcome: { type: String, enum: JOB_RUN_OUTCOMES, required: true },
    /** What the run did, e.g. `{ sent: 12, held: 3 }`. */
    counts: { type: Schema.Types.Mixed, default: {} },
    /** One line for the console, e.g. "3 departments, 2 digests mailed". */
    summary: String,
    error: String,
  },
  { collection: 'job_runs', versionKey: false },
);
jobRunSchema.index({ job: 1, startedAt: -1 });
jobRunSchema.index({ startedAt: -1 });
jobRunSchema.index({ job: 1, outcome: 1 });

export const JobRunModel = model('JobRun', jobRunSchema);
