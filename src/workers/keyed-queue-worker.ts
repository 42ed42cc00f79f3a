import { withLease } from '../db/lease.js';
import { log, type Logger } from '../log.js';
import { describeError } from '../errors.js';

export interface KeyedWorkerOptions {
  /** Name for logs, e.g. `inbox`. */
  name: string;
  /** Keys (people) that have work due by `dueBy` (now when absent), oldest first. */
  findReadyKeys(limit: number, dueBy?: Date): Promise<string[]>;
  /** Processes one person's due work, in order. Runs while holding that person's lease. */
  processKey(key: string): Promise<void>;
  /** How many people are served at once by this instance. */
  concurrency: number;
  /**
   * While this answers true, one person at a time (the webhooks waiting to be stored: on a
   * database that runs one command at a time, every command of a worker is a wait for them).
   */
  holdBackWhile?: () => boolean;
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
 * The lease that makes one worker, on one instance, the only one serving a person: the inbox
 * worker runs their turns and sends the replies under it, the outbox worker sends their other
 * messages under it, so a person's messages leave in order and a queued message has one writer.
 */
function personLease(key: string): string {
  return `person:${key}`;
}

/**
 * People served by a worker of this process. Leases are held per process, so the inbox and
 * outbox workers of one instance would both hold a person's lease: this keeps them apart.
 */
const servedHere = new Set<string>();

/** Keys ready but not started yet (every slot was busy) are served before the next poll, up to this many. */
const KEPT_KEYS = 256;
/** How long a person whose lease another worker holds is left alone before trying again. */
const BUSY_ELSEWHERE_MS = 200;
/** Wakes asked for within this many milliseconds of each other are one wake. */
const WAKE_GRAIN_MS = 25;

/**
 * Serves per-person queues: at most one worker (across all instances) handles a person at a
 * time, so their events and messages keep their order, while different people run in
 * parallel. Work is found by polling the database, and sooner when {@link wake} is called.
 * One poll may find more people than there are free slots: they are served as slots free up,
 * oldest first, before the database is asked again.
 */
export class KeyedQueueWorker {
  private running = false;
  private readonly active = new Map<string, Promise<void>>();
  private wakeUp: (() => void) | undefined;
  private loopPromise: Promise<void> | undefined;
  private readonly log: Logger;
  private woken = false;
  /** Ready keys from the last poll not started yet, oldest first. */
  private kept: string[] = [];
  /** People whose lease another worker held, with when to try them again. */
  private readonly busyElsewhere = new Map<string, number>();
  /** Due times (rounded to the wake grain) that a wake timer is already set for. */
  private readonly wakeTimers = new Set<number>();

  constructor(private readonly options: KeyedWorkerOptions) {
    this.log = log.child({ module: `${options.name}-worker` });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loopPromise = this.loop();
  }

  /** True between {@link start} and {@link stop}. */
  isRunning(): boolean {
    return this.running;
  }

  /** Looks for work now instead of at the next poll. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /** Looks for work after `ms` (work stored now becomes due then). Calls close together share one timer. */
  wakeAfter(ms: number): void {
    if (ms <= 0) {
      this.wake();
      return;
    }
    const at = Math.ceil((Date.now() + ms) / WAKE_GRAIN_MS) * WAKE_GRAIN_MS;
    if (this.wakeTimers.has(at)) return;
    this.wakeTimers.add(at);
    setTimeout(() => {
      this.wakeTimers.delete(at);
      this.wake();
    }, at - Date.now()).unref();
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
        if (this.active.size < this.slots()) {
          // Keys kept from the last poll are the oldest work known: serve them before asking again.
          started = this.startKept();
          if (this.active.size < this.slots() && this.kept.length === 0) {
            this.kept = (await this.options.findReadyKeys(KEPT_KEYS)).slice(0, KEPT_KEYS);
            started += this.startKept();
          }
        }
      } catch (err) {
        // The database may be away; keep polling, it is logged once per failed poll.
        this.log.warn({ err: describeError(err) }, 'could not look for work; will retry');
      }
      if (!this.running) break;
      // Poll again at once only when new work was announced meanwhile and a slot is free;
      // a finished person wakes the loop too.
      if ((started === 0 && !this.woken) || this.active.size >= this.slots()) await this.sleep(this.options.pollMs);
    }
  }

  /** How many people may be served at once right now. */
  private slots(): number {
    return this.options.holdBackWhile?.() ? 1 : this.options.concurrency;
  }

  /** Starts kept keys while slots are free; returns how many started. */
  private startKept(): number {
    let started = 0;
    const now = Date.now();
    while (this.kept.length > 0 && this.active.size < this.slots()) {
      const key = this.kept.shift()!;
      if (this.active.has(key) || servedHere.has(key) || (this.busyElsewhere.get(key) ?? 0) > now) continue;
      this.busyElsewhere.delete(key);
      this.active.set(key, this.serve(key));
      started += 1;
    }
    return started;
  }

  private async serve(key: string): Promise<void> {
    let ran = false;
    servedHere.add(key);
    try {
      const result = await withLease(personLease(key), this.options.leaseMs, () => this.options.processKey(key));
      ran = result.ran;
      if (!ran) {
        if (this.busyElsewhere.size > KEPT_KEYS) this.forgetExpiredBusy();
        this.busyElsewhere.set(key, Date.now() + BUSY_ELSEWHERE_MS);
        this.log.debug({ key }, 'another worker is serving this person');
      }
    } catch (err) {
      ran = true;
      this.log.error({ err, key }, 'serving a queue failed; it is retried on a later poll');
    } finally {
      servedHere.delete(key);
      this.active.delete(key);
      // Someone else may be waiting behind this person: look again at once. (Not after a lease
      // held elsewhere: looking again at once would only find the same person busy.)
      if (ran) this.wakeUp?.();
    }
  }

  private forgetExpiredBusy(): void {
    const now = Date.now();
    for (const [key, until] of this.busyElsewhere) if (until <= now) this.busyElsewhere.delete(key);
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
