import { ConsoleEventModel } from '../../db/models/console-event.js';
import { describeError } from '../../errors.js';
import type { Logger } from '../../log.js';
import type { LiveEvent } from './types.js';

/**
 * Events and tickets are read this far behind the last poll: another instance's clock may be
 * a little behind, and a write may become visible after a later one.
 */
const OVERLAP_MS = 15_000;

export interface LiveFeedOptions {
  pollMs: number;
  logger: Logger;
}

type Listener = (event: LiveEvent) => void;

/**
 * The process's one reader of live events. It polls MongoDB (stored events, and tickets
 * created since the last poll, which may have been created by any instance), hands each
 * event once to every subscriber, and can be woken to poll at once when this process
 * recorded something. One poll serves every open stream of the process.
 */
export class LiveFeed {
  private readonly listeners = new Set<Listener>();
  private eventCursor = Date.now();
  private readonly seenEvents = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private started = false;

  constructor(private readonly options: LiveFeedOptions) {}

  /** Starts polling from now on (earlier events are not replayed). */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.eventCursor = Date.now();
    // What happened before the start is not news.
    await this.pollStoredEvents(false);
    this.timer = setInterval(() => this.wake(), this.options.pollMs);
  }

  /** Stops polling and waits for a poll in progress. */
  async stop(): Promise<void> {
    this.started = false;
    clearInterval(this.timer);
    await this.running;
  }

  /** Calls `listener` with every new event; returns the function that stops it. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Subscribers now (open streams of this process). */
  get size(): number {
    return this.listeners.size;
  }

  /** Polls now (serialised: a wake during a poll runs one more poll after it). */
  wake(): void {
    if (!this.started) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.poll();
      } while (this.again && this.started);
    })()
      .catch((err: unknown) => {
        // The cursors did not move, so the next poll reads the same events again.
        this.options.logger.warn({ err: describeError(err) }, 'live feed poll failed; retrying at the next poll');
      })
      .finally(() => {
        this.running = undefined;
      });
  }

  private emit(event: LiveEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  private async poll(): Promise<void> {
    await this.pollStoredEvents();
  }

  private async pollStoredEvents(announce = true): Promise<void> {
    const pollStart = Date.now();
    const rows = await ConsoleEventModel.find({ at: { $gte: new Date(this.eventCursor - OVERLAP_MS) } })
      .sort({ at: 1, _id: 1 })
      .limit(1_000)
      .lean();
    for (const row of rows) {
      if (this.seenEvents.has(row._id)) continue;
      this.seenEvents.set(row._id, pollStart);
      if (announce) this.emit({ type: row.type, ...(row.data as object) } as LiveEvent);
    }
    this.eventCursor = pollStart;
    for (const [id, at] of this.seenEvents) if (at < pollStart - OVERLAP_MS * 4) this.seenEvents.delete(id);
  }
}
