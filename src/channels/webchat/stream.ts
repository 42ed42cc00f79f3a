import type { Request, Response } from 'express';
import type { Logger } from '../../log.js';
import { describeError } from '../../errors.js';
import { FEED_GAP_WAIT_MS, hasLineAfter, readFeed, type FeedEntry } from './feed.js';
import type { WebChatHub } from './hub.js';
import { readVisitorLanguage } from './visitor.js';
import { openEventStream } from '../../http/event-stream.js';
import { StreamSlots, type StreamLimits, type StreamRefusal } from '../../http/stream-slots.js';

export interface FeedStreamOptions {
  hub: WebChatHub;
  /** Pause between two rounds of the shared poll. */
  pollMs: number;
  heartbeatMs: number;
  maxStreamMs: number;
  limits: StreamLimits;
  logger: Logger;
}

/** A browser slower than this many unread bytes is disconnected; it reconnects and catches up. */
const MAX_BUFFERED_BYTES = 1_000_000;

/** Visitors the shared poll looks at in parallel. */
const POLL_CONCURRENCY = 8;

interface OpenStream {
  /** Reads the feed from this stream's cursor and sends what is new. */
  pump(lookPastHoles: boolean): void;
  cursor(): number;
  close(): Promise<void>;
}

/** The streams of one visitor, and when the poll last looked past a hole for them. */
interface Followed {
  streams: Set<OpenStream>;
  holesCheckedAt: number;
}

/**
 * Server-Sent Events for open chat pages. Each stream sends the visitor's feed lines after
 * their cursor as `message` events (`id:` is the line's `seq`, so a reconnecting browser
 * resumes from `Last-Event-ID`), a `language` event when the bot's language for them
 * changes, and a comment as heartbeat. A stream reads the feed when this process signals a
 * new line; lines written by another instance are found by ONE poll per process, which asks
 * for each followed visitor (not each stream) whether their next line exists, by `_id`, and
 * starts its next round `pollMs` after the last one ended, so a large number of streams slows
 * the rounds instead of multiplying the queries. Streams are capped per visitor, per client
 * network and per process ({@link StreamSlots}).
 */
export class FeedStreams {
  private readonly open = new Set<OpenStream>();
  private readonly followed = new Map<string, Followed>();
  private readonly slots: StreamSlots;
  private pollTimer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly options: FeedStreamOptions) {
    this.slots = new StreamSlots(options.limits);
  }

  /** Streams now open in this process. */
  get size(): number {
    return this.open.size;
  }

  /**
   * Starts a stream on `res` from network `network`, or answers which cap refused it (and
   * writes nothing). It ends when the browser leaves, after `maxStreamMs`, or at {@link closeAll}.
   */
  start(req: Request, res: Response, visitorId: string, network: string, after: number): StreamRefusal | undefined {
    const slot = this.slots.take(visitorId, network);
    if (!slot.ok) return slot.refusal;
    const { hub, heartbeatMs, maxStreamMs } = this.options;
    const log = this.options.logger.child({ visitorId });
    openEventStream(res);

    let cursor = after;
    let language: string | undefined;
    let languageSent = false;
    let closed = false;
    let running: Promise<void> | undefined;
    let again: boolean | undefined;

    const write = (chunk: string): void => {
      res.write(chunk);
      if (res.writableLength > MAX_BUFFERED_BYTES) {
        log.warn({ buffered: res.writableLength }, 'chat stream not read by the browser; closing it');
        void stream.close();
      }
    };

    const sendLanguage = async (): Promise<void> => {
      const current = await readVisitorLanguage(visitorId);
      if (current && current !== language) {
        language = current;
        write(`event: language\ndata: ${JSON.stringify(current)}\n\n`);
      }
    };

    const sendEntries = (entries: FeedEntry[]): void => {
      for (const entry of entries) write(`id: ${entry.seq}\nevent: message\ndata: ${JSON.stringify(entry)}\n\n`);
    };

    const drain = async (lookPastHoles: boolean): Promise<void> => {
      if (!languageSent) {
        // The page learns the bot's language at once, even when there is nothing new to show.
        languageSent = true;
        await sendLanguage();
      }
      for (;;) {
        const page = await readFeed(visitorId, cursor, { lookPastHoles });
        if (closed) return;
        if (page.entries.length > 0) {
          // A language switch shows up with the bot's next line, so it is checked only then.
          await sendLanguage();
          sendEntries(page.entries);
        }
        cursor = page.cursor;
        if (!page.more) return;
      }
    };

    // Reads are serialised: a signal that arrives during a read runs one more read after it.
    const pump = (lookPastHoles: boolean): void => {
      if (closed) return;
      if (running) {
        again = (again ?? false) || lookPastHoles;
        return;
      }
      running = (async () => {
        let holes = lookPastHoles;
        do {
          again = undefined;
          await drain(holes);
          holes = again ?? false;
        } while (again !== undefined && !closed);
      })()
        .catch((err: unknown) => {
          // The next poll reads again from the same cursor, so nothing is skipped.
          log.warn({ err: describeError(err) }, 'chat stream could not read the feed; retrying at the next poll');
        })
        .finally(() => {
          running = undefined;
        });
    };

    const heartbeat = setInterval(() => write(': ping\n\n'), heartbeatMs);
    const limit = setTimeout(() => void stream.close(), maxStreamMs);
    const unsubscribe = hub.subscribe(visitorId, () => pump(false));

    const stream: OpenStream = {
      pump,
      cursor: () => cursor,
      close: async () => {
        if (closed) {
          await running;
          return;
        }
        closed = true;
        clearInterval(heartbeat);
        clearTimeout(limit);
        unsubscribe();
        this.unfollow(visitorId, stream);
        slot.release();
        await running;
        res.end();
      },
    };
    this.follow(visitorId, stream);
    res.on('error', (err) => log.debug({ err: describeError(err) }, 'chat stream connection failed'));
    // close() never rejects (reads catch their own errors) and is awaited again by closeAll().
    req.on('close', () => void stream.close());
    pump(true);
    return undefined;
  }

  /** Ends every open stream and the shared poll, and waits for their reads to finish. */
  async closeAll(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.pollTimer);
    await Promise.all([...this.open].map((stream) => stream.close()));
    await this.polling;
  }

  private follow(visitorId: string, stream: OpenStream): void {
    this.open.add(stream);
    const entry = this.followed.get(visitorId) ?? { streams: new Set(), holesCheckedAt: Date.now() };
    entry.streams.add(stream);
    this.followed.set(visitorId, entry);
    this.schedulePoll();
  }

  private unfollow(visitorId: string, stream: OpenStream): void {
    this.open.delete(stream);
    const entry = this.followed.get(visitorId);
    entry?.streams.delete(stream);
    if (entry && entry.streams.size === 0) this.followed.delete(visitorId);
  }

  private schedulePoll(): void {
    if (this.stopped || this.pollTimer || this.polling || this.followed.size === 0) return;
    this.pollTimer = setTimeout(() => {
      this.pollTimer = undefined;
      this.polling = this.pollRound()
        .catch((err: unknown) => this.options.logger.warn({ err: describeError(err) }, 'chat streams poll failed; retrying at the next round'))
        .finally(() => {
          this.polling = undefined;
          this.schedulePoll();
        });
    }, this.options.pollMs);
  }

  /** One round of the shared poll: one question per followed visitor, from the furthest cursor of their streams. */
  private async pollRound(): Promise<void> {
    const queue = [...this.followed.entries()];
    const worker = async (): Promise<void> => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const [visitorId, entry] = next;
        if (entry.streams.size === 0) continue;
        const now = new Date();
        const lookPastHoles = now.getTime() - entry.holesCheckedAt >= FEED_GAP_WAIT_MS;
        if (lookPastHoles) entry.holesCheckedAt = now.getTime();
        const head = Math.min(...[...entry.streams].map((s) => s.cursor()));
        try {
          if (await hasLineAfter(visitorId, head, { lookPastHoles, now })) for (const stream of entry.streams) stream.pump(lookPastHoles);
        } catch (err) {
          this.options.logger.warn({ visitorId, err: describeError(err) }, 'chat streams poll could not read a feed; retrying at the next round');
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(POLL_CONCURRENCY, queue.length) }, worker));
  }
}
