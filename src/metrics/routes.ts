import { timingSafeEqual } from 'node:crypto';
import { Router } from 'express';
import { createDatabaseGauges } from './database-gauges.js';
import { processRegistry } from './registry.js';

function tokenMatches(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Extra gauges contributed by features, in the Prometheus text format, rendered with the rest. */
export type MetricsSource = () => Promise<string>;

/**
 * `GET /metrics` in the Prometheus text format: inbox depth and age of the oldest pending
 * event, dead events, outbox depth, send errors by code, turn latency, job runs
 * by outcome and the time of each job's last success, and the process, event-loop, GC and
 * heap metrics of prom-client.
 * When `token` is set, a scraper must send `Authorization: Bearer <token>`.
 */
export function metricsRoutes(options: { token?: string; sources?: MetricsSource[] }): Router {
  const databaseGauges = createDatabaseGauges();
  const router = Router();
  router.get('/metrics', async (req, res) => {
    if (options.token && !tokenMatches(req.get('authorization') ?? '', `Bearer ${options.token}`)) {
      res.status(401).type('text/plain').send('metrics need a bearer token (METRICS_TOKEN)\n');
      return;
    }
    const parts = [await databaseGauges.scrape()];
    for (const source of options.sources ?? []) parts.push(await source());
    parts.push(await processRegistry.metrics());
    res.type(processRegistry.contentType).send(
      `${parts
        .map((part) => part.trim())
        .filter(Boolean)
        .join('\n')}\n`,
    );
  });
  return router;
}
