import { withLease } from '../db/lease.js';
import { log, type Logger } from '../log.js';
import { describeError } from '../errors.js';

export interface KeyedWorkerOptions {
  /** Name for logs and lease ids, e.g. `inbox`. */
  name: string;
  /** Keys (people) that have work due by `dueBy` (now when absent), oldest first. */
  findReadyKeys(limit: number, dueBy?: Date): Promise<string[]>;
  /** Processes one person's due work, in order. Runs while holding that person's lease. */
  processKey(key: string): Promise<void>;
  /** How many people are served at once by this instance. */
  concurrency: number;
  /** How often to look for work when nothing woke the worker. */
  pollMs: number;
  /** Lease time for one person's queue; renewed while work runs. */
  leaseMs: number;
  /**
   * Work due within this many milliseconds is not idle: it is about to start (an inbound
   * event waiting out its reorder window). Retries further off are.
   */
  idleLookAheadMs?: number;
}

/**
 * Serves per-person queues: at most one worker (across all instances) handles a person at a
 * time, so their events and messages keep their order, while different people run in
 * parallel. Work is found by polling the database, and sooner when {@link wake} is called.
 */
export class KeyedQueueWorker {
  private running = false;
  private readonly active = new Map<string, Promise<void>>();
  private wakeUp: (() => void) | undefined;
  private loopPromise: Promise<void> | undefined;
  private readonly log: Logger;
  private woken = false;

  constructor(private readonly options: KeyedWorkerOptions) {
    this.log = log.child({ module: `${options.name}-worker` });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loopPromise = this.loop();
  }

  /** Looks for work now instead of at the next poll. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /** Looks for work after `ms` (work stored now becomes due then). */
  wakeAfter(ms: number): void {
    if (ms <= 0) {
      this.wake();
      return;
    }
    setTimeout(() => this.wake(), ms).unref();
  }

  /** Stops taking new work and waits for the work in hand to finish. */
  async stop(): Promise<void> {
    this.running = false;
    this.wakeUp?.();
    await this.loopPromise;
    await Promise.allSettled([...this.active.values()]);
  }

  /** Resolves when no work is in hand and none is due or about to be (for tests and the terminal chat). */
  async idle(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const lookAheadMs = this.options.idleLookAheadMs ?? 0;
    while (Date.now() < deadline) {
      if (this.active.size === 0 && (await this.options.findReadyKeys(1, new Date(Date.now() + lookAheadMs))).length === 0 && this.active.size === 0) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`${this.options.name} worker still busy after ${timeoutMs} ms`);
  }

  private async loop(): Promise<void> {
    while (this.running) {
      this.woken = false;
      let started = 0;
      try {
        const free = this.options.concurrency - this.active.size;
        if (free > 0) {
          const keys = await this.options.findReadyKeys(this.options.concurrency * 4);
          for (const key of keys) {
            if (this.active.size >= this.options.concurrency) break;
            if (this.active.has(key)) continue;
            this.active.set(key, this.serve(key));
            started += 1;
          }
        }
      } catch (err) {
        // The database may be away; keep polling, it is logged once per failed poll.
        this.log.warn({ err: describeError(err) }, 'could not look for work; will retry');
      }
      if (!this.running) break;
      if (started === 0 && !this.woken) await this.sleep(this.options.pollMs);
      else if (this.active.size >= this.options.concurrency) await this.sleep(this.options.pollMs);
    }
  }

  private async serve(key: string): Promise<void> {
    try {
      const result = await withLease(`${this.options.name}:${key}`, this.options.leaseMs, () => this.options.processKey(key));
      if (!result.ran) this.log.debug({ key }, 'another instance is serving this person');
    } catch (err) {
      this.log.error({ err, key }, 'serving a queue failed; it is retried on a later poll');
    } finally {
      this.active.delete(key);
      // Someone else may be waiting behind this person: look again at once.
      this.wakeUp?.();
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }
}
