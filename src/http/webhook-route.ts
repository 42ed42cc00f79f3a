import express, { type Request, type Response, type Router } from 'express';
import type { WebhookOutcome, WebhookRequest } from '../channels/types.js';
import { storeInboundEvents, type StoreOptions } from '../inbox/store.js';
import { metrics } from '../metrics/registry.js';
import type { Channel } from '../db/models/shared.js';

export interface WebhookHandlers {
  /** Verifies and parses a POST. Pure: never throws for bad input, never does I/O. */
  handlePost(req: WebhookRequest): WebhookOutcome;
  /** Optional handshake (Messenger `hub.challenge`). */
  handleGet?(req: WebhookRequest): { status: number; body: string };
}

export interface WebhookRouteOptions {
  channel: Channel;
  bodyLimitBytes: number;
  /** Called after new events are stored, to wake the inbox worker without waiting for a poll. */
  onStored: () => void;
  /** See {@link StoreOptions.reorderWindowMs}. */
  reorderWindowMs: number;
}

function toWebhookRequest(req: Request): WebhookRequest {
  return {
    rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
    headers: req.headers,
    query: req.query as Record<string, unknown>,
  };
}

/**
 * Mounts one channel's webhook: reads the exact body bytes (any content type, up to the
 * limit), lets the channel verify and parse them, stores accepted events in the inbox, and
 * only then answers. When the database cannot store them the answer is 503, so the
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
    const result = await storeInboundEvents(outcome.events, { reorderWindowMs: options.reorderWindowMs });
    metrics.webhookEventsTotal.inc({ channel: options.channel, result: 'stored' }, result.stored);
    metrics.webhookEventsTotal.inc({ channel: options.channel, result: 'duplicate' }, result.duplicates);
    if (result.duplicates > 0) req.log.info({ duplicates: result.duplicates }, 'redelivered events acknowledged');
    if (result.stored > 0) options.onStored();
    res.status(outcome.status).type('text/plain').send(outcome.body);
  });
  return router;
}
