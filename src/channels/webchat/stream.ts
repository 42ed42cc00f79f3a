import type { Request, Response } from 'express';
import type { Logger } from '../../log.js';
import { describeError } from '../../errors.js';
import { readFeed, type FeedEntry } from './feed.js';
import type { WebChatHub } from './hub.js';
import { readVisitorLanguage } from './visitor.js';
import { openEventStream } from '../../http/event-stream.js';

export interface FeedStreamOptions {
  hub: WebChatHub;
  pollMs: number;
  heartbeatMs: number;
  maxStreamMs: number;
  maxStreamsPerVisitor: number;
  logger: Logger;
}

/** A browser slower than this many unread bytes is disconnected; it reconnects and catches up. */
const MAX_BUFFERED_BYTES = 1_000_000;

interface OpenStream {
  visitorId: string;
  close(): Promise<void>;
}

/**
 * Server-Sent Events for open chat pages. Each stream sends the visitor's feed lines after
 * their cursor as `message` events (`id:` is the line's `seq`, so a reconnecting browser
 * resumes from `Last-Event-ID`), a `language` event when the bot's language for them
 * changes, and a comment as heartbeat. It reads the feed when this process signals a new
 * line and every `pollMs` besides, because another instance may have written it.
 */
export class FeedStreams {
  private readonly open = new Set<OpenStream>();
  private readonly perVisitor = new Map<string, number>();

  constructor(private readonly options: FeedStreamOptions) {}

  /** True when the visitor may open another stream in this process. */
  hasRoomFor(visitorId: string): boolean {
    return (this.perVisitor.get(visitorId) ?? 0) < this.options.maxStreamsPerVisitor;
  }

  /** Streams now open in this process. */
  get size(): number {
    return this.open.size;
  }

  /** Starts a stream on `res`; it ends when the browser leaves, after `maxStreamMs`, or at {@link closeAll}. */
  start(req: Request, res: Response, visitorId: string, after: number): void {
    const { hub, pollMs, heartbeatMs, maxStreamMs } = this.options;
    const log = this.options.logger.child({ visitorId });
    openEventStream(res);

    let cursor = after;
    let language: string | undefined;
    let languageSent = false;
    let closed = false;
    let running: Promise<void> | undefined;
    let again = false;

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

    const drain = async (): Promise<void> => {
      if (!languageSent) {
        // The page learns the bot's language at once, even when there is nothing new to show.
        languageSent = true;
        await sendLanguage();
      }
      for (;;) {
        const page = await readFeed(visitorId, cursor);
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
    const pump = (): void => {
      if (closed) return;
      if (running) {
        again = true;
        return;
      }
      running = (async () => {
        do {
          again = false;
          await drain();
        } while (again && !closed);
      })()
        .catch((err: unknown) => {
          // The next poll reads again from the same cursor, so nothing is skipped.
          log.warn({ err: describeError(err) }, 'chat stream could not read the feed; retrying at the next poll');
        })
        .finally(() => {
          running = undefined;
        });
    };

    const poll = setInterval(pump, pollMs);
    const heartbeat = setInterval(() => write(': ping\n\n'), heartbeatMs);
    const limit = setTimeout(() => void stream.close(), maxStreamMs);
    const unsubscribe = hub.subscribe(visitorId, pump);

    const stream: OpenStream = {
      visitorId,
      close: async () => {
        if (closed) {
          await running;
          return;
        }
        closed = true;
        clearInterval(poll);
        clearInterval(heartbeat);
        clearTimeout(limit);
        unsubscribe();
        this.open.delete(stream);
        const left = (this.perVisitor.get(visitorId) ?? 1) - 1;
        if (left > 0) this.perVisitor.set(visitorId, left);
        else this.perVisitor.delete(visitorId);
        await running;
        res.end();
      },
    };
    this.open.add(stream);
    this.perVisitor.set(visitorId, (this.perVisitor.get(visitorId) ?? 0) + 1);
    res.on('error', (err) => log.debug({ err: describeError(err) }, 'chat stream connection failed'));
    // close() never rejects (reads catch their own errors) and is awaited again by closeAll().
    req.on('close', () => void stream.close());
    pump();
  }

  /** Ends every open stream and waits for their reads to finish. */
  async closeAll(): Promise<void> {
    await Promise.all([...this.open].map((stream) => stream.close()));
  }
}
