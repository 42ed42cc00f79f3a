import { createTask } from 'node-cron';

/** Stops the ticks of one schedule. */
export type StopTicks = () => Promise<void>;

/**
 * What calls a job at its scheduled times. The service uses {@link cronTicker}; a test passes
 * one it moves by hand, so it can reach a slot without waiting for the wall clock.
 */
export interface Ticker {
  /**
   * Calls `onTick` with each time `cron` (read in `timezone`) falls due, from now on, and
   * resolves once the schedule is armed. A tick never starts while the previous one of the
   * same schedule is still running.
   */
  schedule(name: string, cron: string, timezone: string, onTick: (slot: Date) => Promise<void>): Promise<StopTicks>;
}

/** The wall clock, through node-cron. */
export const cronTicker: Ticker = {
  async schedule(name, cron, timezone, onTick) {
    const task = createTask(cron, (context) => onTick(context.date), { timezone, name, noOverlap: true });
    await task.start();
    return async () => {
      await task.destroy();
    };
  },
};
