import express, { type Express, type Router } from 'express';
import { errorHandler } from './errors.js';
import { healthRoutes } from './health.js';
import { TokenBucketLimiter, rateLimit } from './rate-limit.js';
import { requestLog } from './request-log.js';
import { webhookRoute, type WebhookHandlers } from './webhook-route.js';
import { metricsRoutes, type MetricsSource } from '../metrics/routes.js';
import type { Channel } from '../domain/vocabulary.js';
import type { TrustProxy } from '../config/env-schema.js';

export interface AppParts {
  /** Channel webhooks, mounted at their path (e.g. `/webhooks/zalo`). */
  webhooks: { channel: Channel; path: string; handlers: WebhookHandlers }[];
  /** Feature routers (web chat, console), mounted at their path. */
  routers: { path: string; router: Router }[];
  webhookBodyLimitBytes: number;
  /** Webhook requests one source address may make per minute (in bursts up to this many); 0 or absent: no limit. */
  webhookRatePerMinute?: number;
  /** The rate limit's clock (ms since the epoch); `Date.now` by default. */
  rateLimitClock?: () => number;
  /** Wakes the inbox worker once new events are stored. */
  onInboundStored: () => void;
  /** Hold before an event's turn, for per-person order across parallel deliveries (ms). */
  reorderWindowMs: number;
  /** Webhook events older than this by the platform's time are dropped (replays); absent: no limit. */
  webhookMaxEventAgeMs?: number;
  /** Bearer token a Prometheus scraper must send to `/metrics`; open when unset. */
  metricsToken?: string;
  metricsSources?: MetricsSource[];
  /** Which peers' `X-Forwarded-*` to believe (see `TRUST_PROXY`); none when absent or false. */
  trustProxy?: TrustProxy;
}

/** Builds the express application: health, webhooks, features, one error handler. */
export function createApp(parts: AppParts): Express {
  const app = express();
  app.disable('x-powered-by');
  if (parts.trustProxy !== undefined && parts.trustProxy !== false) app.set('trust proxy', parts.trustProxy);
  app.use(requestLog());
  app.use(healthRoutes());
  app.use(metricsRoutes({ token: parts.metricsToken, sources: parts.metricsSources }));
  if (parts.webhookRatePerMinute && parts.webhookRatePerMinute > 0) {
    // Checked before the body is read, so a flood costs little; a 429 makes the platform deliver again later.
    const limiter = new TokenBucketLimiter({
      capacity: parts.webhookRatePerMinute,
      refillPerSecond: parts.webhookRatePerMinute / 60,
      now: parts.rateLimitClock,
    });
    app.use('/webhooks', rateLimit(limiter));
  }
  for (const { channel, path, handlers } of parts.webhooks) {
    app.use(
      path,
      webhookRoute(handlers, {
        channel,
        bodyLimitBytes: parts.webhookBodyLimitBytes,
        onStored: parts.onInboundStored,
        reorderWindowMs: parts.reorderWindowMs,
        maxEventAgeMs: parts.webhookMaxEventAgeMs,
      }),
    );
  }
  for (const { path, router } of parts.routers) app.use(path, router);
  app.use((req, res) => {
    res.status(404).json({ error: 'not_found', message: `Nothing at ${req.method} ${req.path}` });
  });
  app.use(errorHandler());
  return app;
}
