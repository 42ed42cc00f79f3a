import express, { type Express, type Router } from 'express';
import { errorHandler } from './errors.js';
import { healthRoutes } from './health.js';
import { requestLog } from './request-log.js';
import { webhookRoute, type WebhookHandlers } from './webhook-route.js';

export interface AppParts {
  /** Channel webhooks, mounted at their path (e.g. `/webhooks/zalo`). */
  webhooks: { path: string; handlers: WebhookHandlers }[];
  /** Feature routers (web chat, console), mounted at their path. */
  routers: { path: string; router: Router }[];
  webhookBodyLimitBytes: number;
  /** Wakes the inbox worker once new events are stored. */
  onInboundStored: () => void;
  /** Trust `X-Forwarded-*` from the reverse proxy in front of us. */
  trustProxy?: boolean;
}

/** Builds the express application: health, webhooks, features, one error handler. */
export function createApp(parts: AppParts): Express {
  const app = express();
  app.disable('x-powered-by');
  if (parts.trustProxy) app.set('trust proxy', 1);
  app.use(requestLog());
  app.use(healthRoutes());
  for (const { path, handlers } of parts.webhooks) {
    app.use(path, webhookRoute(handlers, { bodyLimitBytes: parts.webhookBodyLimitBytes, onStored: parts.onInboundStored }));
  }
  for (const { path, router } of parts.routers) app.use(path, router);
  app.use((req, res) => {
    res.status(404).json({ error: 'not_found', message: `Nothing at ${req.method} ${req.path}` });
  });
  app.use(errorHandler());
  return app;
}
