import { Router } from 'express';
import { pingDatabase } from '../db/connect.js';
import { log } from '../log.js';

const healthLog = log.child({ module: 'health' });

/**
 * `GET /healthz`: the process is alive. `GET /readyz`: 200 only while the database answers,
 * 503 otherwise, so a load balancer stops sending traffic here. The 503 says only that the
 * database is unavailable: the driver's reason (hosts, addresses, authentication failures) is
 * for operators and goes to the log, once each time it changes.
 */
export function healthRoutes(): Router {
  const router = Router();
  let lastReason: string | undefined;
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const db = await pingDatabase();
    if (db.ok) {
      if (lastReason !== undefined) healthLog.info('database answers again; ready');
      lastReason = undefined;
      res.json({ status: 'ready', database: 'ok' });
      return;
    }
    if (db.reason !== lastReason) healthLog.warn({ reason: db.reason }, 'not ready: the database does not answer');
    lastReason = db.reason;
    res.status(503).json({ status: 'unavailable', database: 'unavailable' });
  });
  return router;
}
