import { EventEmitter } from 'node:events';

/**
 * Tells open chat streams of one service that a visitor's feed has new lines. It carries no
 * data: a stream reads the feed itself, so a missed signal only delays a line until the
 * stream's next poll (which is also how lines written by another instance arrive).
 */
export class WebChatHub {
  private readonly emitter = new EventEmitter();

  constructor() {
    // One listener per open stream; a busy process legitimately has thousands.
    this.emitter.setMaxListeners(0);
  }

  /** Signals that `visitorId` has new feed lines. */
  notify(visitorId: string): void {
    this.emitter.emit(visitorId);
  }

  /** Calls `listener` on every signal for `visitorId`; returns the function that stops it. */
  subscribe(visitorId: string, listener: () => void): () => void {
    this.emitter.on(visitorId, listener);
    return () => this.emitter.off(visitorId, listener);
  }

  /** Open subscriptions for `visitorId` (for limits and tests). */
  listenerCount(visitorId: string): number {
    return this.emitter.listenerCount(visitorId);
  }
}
