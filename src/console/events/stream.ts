import type { Request, Response } from 'express';
import type { Logger } from '../../log.js';
import { describeError } from '../../errors.js';
import type { LiveFeed } from './feed.js';
import { isVisibleTo, type LiveEvent, type LiveViewer } from './types.js';
import { openEventStream } from '../../http/event-stream.js';
import { StreamSlots, type StreamLimits, type StreamRefusal } from '../../http/stream-slots.js';
import { openSessionStaffId } from '../auth/session.js';
import { staffFromSession } from '../auth/require-staff.js';

export interface LiveStreamOptions {
  feed: LiveFeed;
  heartbeatMs: number;
  /** A stream is closed after this long; the browser reconnects on its own. */
  maxStreamMs: number;
  /** Streams per member of staff (tabs), per client network and per process. */
  limits: StreamLimits;
  /** How often open streams check that their session is still open and their viewer unchanged. */
  sessionCheckMs: number;
  logger: Logger;
}

/** Who a stream is for, and the session it was opened in. */
export interface StreamViewer extends LiveViewer {
  staffId: string;
  sessionId: string;
}

/** A browser slower than this many unread bytes is disconnected; it reconnects. */
const MAX_BUFFERED_BYTES = 1_000_000;

interface OpenStream {
  viewer: StreamViewer;
  close(): void;
}

/**
 * Server-Sent Events for signed-in staff: each open stream gets the live events its viewer
 * may see ({@link isVisibleTo}), as `event: <type>` with a JSON `data:` line, plus a comment
 * line as heartbeat. Events come from the process's one {@link LiveFeed}. Every
 * `sessionCheckMs` one check per open session closes the streams whose session ended
 * (sign-out, password change or reset, deactivation, expiry) or whose member of staff changed
 * role or department since the stream opened; the browser reconnects and is asked to sign in
 * or gets what its new rights show.
 */
export class LiveStreams {
  private readonly open = new Set<OpenStream>();
  private readonly slots: StreamSlots;
  private checkTimer: NodeJS.Timeout | undefined;
  private checking: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly options: LiveStreamOptions) {
    this.slots = new StreamSlots(options.limits);
  }

  /**
   * Starts a stream on `res` for `viewer` from client network `network`, or answers which cap
   * refused it (and writes nothing). It ends when the browser leaves, after `maxStreamMs`, when
   * its session or rights change, or at {@link closeAll}.
   */
  start(req: Request, res: Response, viewer: StreamViewer, network: string): StreamRefusal | undefined {
    const slot = this.slots.take(viewer.username, network);
    if (!slot.ok) return slot.refusal;
    const { feed, heartbeatMs, maxStreamMs, logger } = this.options;
    openEventStream(res);
    let closed = false;
    const write = (chunk: string): void => {
      if (closed) return;
      res.write(chunk);
      if (res.writableLength > MAX_BUFFERED_BYTES) {
        logger.warn({ username: viewer.username, buffered: res.writableLength }, 'console stream not read by the browser; closing it');
        stream.close();
      }
    };
    const onEvent = (event: LiveEvent): void => {
      if (isVisibleTo(event, viewer)) write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    };
    const unsubscribe = feed.subscribe(onEvent);
    const heartbeat = setInterval(() => write(': ping\n\n'), heartbeatMs);
    const limit = setTimeout(() => stream.close(), maxStreamMs);
    const stream: OpenStream = {
      viewer,
      close: () => {
        if (closed) return;
        closed = true;
        unsubscribe();
        clearInterval(heartbeat);
        clearTimeout(limit);
        this.open.delete(stream);
        slot.release();
        res.end();
      },
    };
    this.open.add(stream);
    req.on('close', () => stream.close());
    res.on('error', (err) => logger.debug({ err: err.message }, 'console stream connection failed'));
    write(`event: ready\ndata: {}\n\n`);
    this.scheduleCheck();
    return undefined;
  }

  /** Ends every open stream and the session checks. */
  closeAll(): void {
    this.stopped = true;
    clearTimeout(this.checkTimer);
    for (const stream of [...this.open]) stream.close();
  }

  get size(): number {
    return this.open.size;
  }

  private scheduleCheck(): void {
    if (this.stopped || this.checkTimer || this.checking || this.open.size === 0) return;
    this.checkTimer = setTimeout(() => {
      this.checkTimer = undefined;
      this.checking = this.checkSessions()
        .catch((err: unknown) => this.options.logger.warn({ err: describeError(err) }, 'console streams could not check their sessions; checking again later'))
        .finally(() => {
          this.checking = undefined;
          this.scheduleCheck();
        });
    }, this.options.sessionCheckMs);
  }

  /** One read of each open session and its member of staff, by `_id`; closes what no longer holds. */
  private async checkSessions(): Promise<void> {
    const bySession = new Map<string, OpenStream[]>();
    for (const stream of this.open) bySession.set(stream.viewer.sessionId, [...(bySession.get(stream.viewer.sessionId) ?? []), stream]);
    for (const [sessionId, streams] of bySession) {
      const viewer = streams[0]!.viewer;
      const staffId = await openSessionStaffId(sessionId);
      const staff = staffId === viewer.staffId ? await staffFromSession(staffId) : undefined;
      const unchanged =
        staff !== undefined && staff.role === viewer.role && staff.departmentCode === viewer.departmentCode && staff.username === viewer.username;
      if (unchanged) continue;
      this.options.logger.info({ username: viewer.username, reason: staff ? 'rights changed' : 'session ended' }, 'console live streams closed');
      for (const stream of streams) stream.close();
    }
  }
}
