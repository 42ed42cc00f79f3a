import { describe, expect, it } from 'vitest';
import { acquireLease } from '../../src/db/lease.js';
import { JobRunModel } from '../../src/db/models/job-run.js';
import { LeaseModel } from '../../src/db/models/lease.js';
import { runJobOnce } from '../../src/jobs/run.js';
import type { Ticker } from '../../src/jobs/cron-ticker.js';
import { createScheduler } from '../../src/jobs/scheduler.js';
import type { JobDefinition } from '../../src/jobs/types.js';
import { useTestDatabase } from '../support/database.js';
import { waitUntil } from '../support/recording-channel.js';

useTestDatabase('jobs_run');

/**
 * A clock the test moves by hand: `reach(slot)` fires every armed schedule for that slot at once,
 * as the wall clock does on every instance, and waits for their ticks.
 */
function manualTicker(): Ticker & { reach(slot: Date): Promise<void>; armed(): number } {
  const armed = new Set<(slot: Date) => Promise<void>>();
  return {
    schedule(_name, _cron, _timezone, onTick) {
      armed.add(onTick);
      return Promise.resolve(() => {
        armed.delete(onTick);
        return Promise.resolve();
      });
    },
    async reach(slot) {
      await Promise.all([...armed].map((onTick) => onTick(slot)));
    },
    armed: () => armed.size,
  };
}

/** A job that counts its executions. */
function countingJob(name: string, cron = '* * * * *'): JobDefinition & { executions: number } {
  const job = {
    name,
    cron,
    executions: 0,
    run() {
      job.executions += 1;
      return Promise.resolve({ counts: { done: 1 } });
    },
  };
  return job;
}

describe('runJobOnce', () => {
  it('when two instances run the same scheduled slot at the same moment, then the job runs once and one run is recorded', async () => {
    const job = countingJob('race-slot');
    const slot = new Date('2026-06-15T00:00:00Z');
    const outcomes = await Promise.all([runJobOnce(job, { owner: 'instance-a', slot }), runJobOnce(job, { owner: 'instance-b', slot })]);
    expect(job.executions).toBe(1);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['ok', 'skipped']);
    const runs = await JobRunModel.find({ job: 'race-slot' }).lean();
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ outcome: 'ok', trigger: 'schedule', counts: { done: 1 } });
    expect(runs[0]!.endedAt).toBeInstanceOf(Date);
  });

  it('when the second instance reaches the slot after the first finished, then it does not run it again', async () => {
    const job = countingJob('late-clock');
    const slot = new Date('2026-06-15T00:05:00Z');
    expect((await runJobOnce(job, { owner: 'instance-a', slot })).status).toBe('ok');
    expect(await runJobOnce(job, { owner: 'instance-b', slot })).toEqual({ status: 'skipped', reason: 'already_ran' });
    expect(job.executions).toBe(1);
  });

  it('when a run is still going, then a run started on another instance is skipped', async () => {
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const job = Object.assign(countingJob('overlap'), {
      run: async () => {
        job.executions += 1;
        await finished;
        return { counts: { done: 1 } };
      },
    });
    const first = runJobOnce(job, { owner: 'instance-a' });
    await waitUntil(() => job.executions === 1, 10_000, 'the first run under way');
    expect(await runJobOnce(job, { owner: 'instance-b' })).toEqual({ status: 'skipped', reason: 'busy' });
    finish();
    expect((await first).status).toBe('ok');
    expect(job.executions).toBe(1);
  });

  it('when the instance running a job died, then the job runs again after its lease expires and the dead run is marked abandoned', async () => {
    const job = Object.assign(countingJob('dies'), { leaseMs: 1_500 });
    // What a crashed instance leaves behind: its lease and its run record.
    expect(await acquireLease('job:dies', 1_500, 'crashed-instance')).toBe(true);
    await JobRunModel.create({ _id: 'dies@crashed', job: 'dies', trigger: 'schedule', owner: 'crashed-instance', startedAt: new Date(), outcome: 'running' });

    expect(await runJobOnce(job, { owner: 'instance-b' })).toEqual({ status: 'skipped', reason: 'busy' });
    // Its lease runs out (moved into the past rather than waited for).
    await LeaseModel.updateOne({ _id: 'job:dies' }, { $set: { until: new Date(Date.now() - 1_000) } });
    expect((await runJobOnce(job, { owner: 'instance-b' })).status).toBe('ok');
    const dead = await JobRunModel.findById('dies@crashed').lean();
    expect(dead).toMatchObject({ outcome: 'abandoned' });
    expect(dead!.error).toMatch(/stopped before it finished/);
  });

  it('when a job throws, then the run is recorded as failed with the error and the lease is free again', async () => {
    const job: JobDefinition = {
      name: 'broken',
      cron: '* * * * *',
      run: () => Promise.reject(new Error('mail server on fire')),
    };
    const outcome = await runJobOnce(job, { owner: 'instance-a' });
    expect(outcome).toMatchObject({ status: 'failed', error: 'Error: mail server on fire' });
    const run = await JobRunModel.findOne({ job: 'broken' }).lean();
    expect(run).toMatchObject({ outcome: 'failed', error: 'Error: mail server on fire' });
    expect(await acquireLease('job:broken', 1_000, 'instance-b')).toBe(true);
  });
});

describe('createScheduler', () => {
  it('when two schedulers run the same every-second job for three seconds, then each second runs exactly once', async () => {
    const job = countingJob('every-second', '* * * * * *');
    const clock = manualTicker();
    const a = createScheduler([job], { timezone: 'Asia/Ho_Chi_Minh', owner: 'scheduler-a', ticker: clock });
    const b = createScheduler([job], { timezone: 'Asia/Ho_Chi_Minh', owner: 'scheduler-b', ticker: clock });
    await a.start();
    await b.start();
    const start = Date.parse('2026-06-15T01:00:00Z');
    for (let second = 0; second < 3; second += 1) await clock.reach(new Date(start + second * 1_000));
    await a.stop();
    await b.stop();
    const runs = await JobRunModel.find({ job: 'every-second' }).lean();
    expect(runs).toHaveLength(3);
    expect(job.executions).toBe(3);
    expect(new Set(runs.map((r) => r.slot!.getTime())).size).toBe(3);
    expect(runs.every((r) => r.outcome === 'ok')).toBe(true);
  });

  it('when a scheduler is stopped, then its schedules no longer fire', async () => {
    const job = countingJob('stopped', '* * * * * *');
    const clock = manualTicker();
    const scheduler = createScheduler([job], { timezone: 'Asia/Ho_Chi_Minh', ticker: clock });
    await scheduler.start();
    await scheduler.stop();
    expect(clock.armed()).toBe(0);
    await clock.reach(new Date('2026-06-15T02:00:00Z'));
    expect(job.executions).toBe(0);
  });

  it('when a schedule is not a cron expression, then creating the scheduler names the job', () => {
    expect(() => createScheduler([countingJob('typo', 'every day')], { timezone: 'Asia/Ho_Chi_Minh' })).toThrow(/job "typo".*"every day"/);
  });
});
