import express, { type Request, type Response, type Router } from 'express';
import type { WebhookOutcome, WebhookRequest } from '../channels/types.js';
import { storeInboundEvents } from '../inbox/store.js';
import { metrics } from '../metrics/registry.js';
import type { Channel } from '../domain/vocabulary.js';

export interface WebhookHandlers {
  /** Verifies and parses a POST. Pure: never throws for bad input, never does I/O. */
  handlePost(req: WebhookRequest): WebhookOutcome;
  /** Optional handshake (Messenger `hub.challenge`). */
  handleGet?: (req: WebhookRequest) => { status: number; body: string };
}

export interface WebhookRouteOptions {
  channel: Channel;
  bodyLimitBytes: number;
  /** Called after new events are stored, to wake the inbox worker without waiting for a poll. */
  onStored: () => void;
  /** See `StoreOptions.reorderWindowMs` (src/inbox/store.ts). */
  reorderWindowMs: number;
  /** Events older than this by the platform's time are dropped ({@link freshEvents}); absent: no limit. */
  maxEventAgeMs?: number;
}

function toWebhookRequest(req: Request): WebhookRequest {
  return {
    rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
    headers: req.headers,
    query: req.query,
  };
}

/** How far ahead of our clock a platform's event time may be (clocks drift). */
const FUTURE_SKEW_MS = 10 * 60_000;

/**
 * Keeps the events whose platform time is within `maxEventAgeMs` of now (and not more than a
 * few minutes ahead). A signed request captured once stays validly signed for ever; the inbox
 * recognises a redelivery only while its duplicate record lives, so anything older than that
 * must be refused on its time instead.
 */
function freshEvents<T extends { timestamp: number }>(events: T[], maxEventAgeMs: number | undefined, now: number): { events: T[]; stale: number } {
  if (!maxEventAgeMs) return { events, stale: 0 };
  const kept = events.filter((e) => Number.isFinite(e.timestamp) && e.timestamp >= now - maxEventAgeMs && e.timestamp <= now + FUTURE_SKEW_MS);
  return { events: kept, stale: events.length - kept.length };
}

/**
 * Mounts one channel's webhook: reads the exact body bytes (any content type, up to the
 * limit), lets the channel verify and parse them, stores accepted events in the inbox, and
 * only then answers. Events older than `maxEventAgeMs` by the platform's own time are
 * acknowledged and dropped (a replayed capture). When the database cannot store them the answer is 503, so the
 * platform delivers again later; a redelivered event is acknowledged and not processed twice.
 */
export function webhookRoute(handlers: WebhookHandlers, options: WebhookRouteOptions): Router {
  const router = express.Router();
  router.use(express.raw({ type: () => true, limit: options.bodyLimitBytes }));
  if (handlers.handleGet) {
    const handleGet = handlers.handleGet;
    router.get('/', (req: Request, res: Response) => {
      const outcome = handleGet(toWebhookRequest(req));
      if (outcome.status >= 400) req.log.warn({ status: outcome.status }, 'webhook handshake refused');
      res.status(outcome.status).type('text/plain').send(outcome.body);
    });
  }
  router.post('/', async (req: Request, res: Response) => {
    const outcome = handlers.handlePost(toWebhookRequest(req));
    if (outcome.status >= 400) {
      req.log.warn({ status: outcome.status, note: outcome.note }, 'webhook rejected');
      metrics.webhookEventsTotal.inc({ channel: options.channel, result: 'rejected' });
      res.status(outcome.status).type('text/plain').send(outcome.body);
      return;
    }
    if (outcome.note) req.log.info({ note: outcome.note }, 'webhook accepted with a note');
    const fresh = freshEvents(outcome.events, options.maxEventAgeMs, Date.now());
    if (fresh.stale > 0) {
      // Acknowledged, so the platform stops sending it, but never processed: a captured request played back later.
      req.log.warn({ stale: fresh.stale, maxEventAgeMs: options.maxEventAgeMs }, 'webhook events too old or from the future; acknowledged and dropped');
      metrics.webhookEventsTotal.inc({ channel: options.channel, result: 'rejected' }, fresh.stale);
    }
    const result = await storeInboundEvents(fresh.events, { reorderWindowMs: options.reorderWindowMs });
    metrics.webhookEventsTotal.inc({ channel: options.channel, result: 'stored' }, result.stored);
    metrics.webhookEventsTotal.inc({ channel: options.channel, result: 'duplicate' }, result.duplicates);
    if (result.duplicates > 0) req.log.info({ duplicates: result.duplicates }, 'redelivered events acknowledged');
    if (result.stored > 0) options.onStored();
    res.status(outcome.status).type('text/plain').send(outcome.body);
  });
  return router;
}
