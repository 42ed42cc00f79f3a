import type { Request, Response } from 'express';
import type { Logger } from '../../log.js';
import type { LiveFeed } from './feed.js';
import { isVisibleTo, type LiveEvent, type LiveViewer } from './types.js';
import { openEventStream } from '../../http/event-stream.js';

export interface LiveStreamOptions {
  feed: LiveFeed;
  heartbeatMs: number;
  /** A stream is closed after this long; the browser reconnects on its own. */
  maxStreamMs: number;
  /** Streams one member of staff may hold open in this process (tabs). */
  maxStreamsPerStaff: number;
  logger: Logger;
}

/** A browser slower than this many unread bytes is disconnected; it reconnects. */
const MAX_BUFFERED_BYTES = 1_000_000;

/**
 * Server-Sent Events for signed-in staff: each open stream gets the live events its viewer
 * may see ({@link isVisibleTo}), as `event: <type>` with a JSON `data:` line, plus a comment
 * line as heartbeat.
 */
export class LiveStreams {
  private readonly open = new Set<() => void>();
  private readonly perStaff = new Map<string, number>();

  constructor(private readonly options: LiveStreamOptions) {}

  /** True when this member of staff may open one more stream. */
  hasRoomFor(username: string): boolean {
    return (this.perStaff.get(username) ?? 0) < this.options.maxStreamsPerStaff;
  }

  /** Starts a stream on `res` for `viewer`; it ends when the browser leaves, after `maxStreamMs`, or at {@link closeAll}. */
  start(req: Request, res: Response, viewer: LiveViewer): void {
    const { feed, heartbeatMs, maxStreamMs, logger } = this.options;
    openEventStream(res);
    let closed = false;
    const write = (chunk: string): void => {
      if (closed) return;
      res.write(chunk);
      if (res.writableLength > MAX_BUFFERED_BYTES) {
        logger.warn({ username: viewer.username, buffered: res.writableLength }, 'console stream not read by the browser; closing it');
        close();
      }
    };
    const onEvent = (event: LiveEvent): void => {
      if (isVisibleTo(event, viewer)) write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    };
    const unsubscribe = feed.subscribe(onEvent);
    const heartbeat = setInterval(() => write(': ping\n\n'), heartbeatMs);
    const limit = setTimeout(() => close(), maxStreamMs);
    const close = (): void => {
      if (closed) return;
      closed = true;
      unsubscribe();
      clearInterval(heartbeat);
      clearTimeout(limit);
      this.open.delete(close);
      const left = (this.perStaff.get(viewer.username) ?? 1) - 1;
      if (left > 0) this.perStaff.set(viewer.username, left);
      else this.perStaff.delete(viewer.username);
      res.end();
    };
    this.open.add(close);
    this.perStaff.set(viewer.username, (this.perStaff.get(viewer.username) ?? 0) + 1);
    req.on('close', close);
    res.on('error', (err) => logger.debug({ err: err.message }, 'console stream connection failed'));
    write(`event: ready\ndata: {}\n\n`);
  }

  /** Ends every open stream. */
  closeAll(): void {
    for (const close of [...this.open]) close();
  }

  get size(): number {
    return this.open.size;
  }
}
