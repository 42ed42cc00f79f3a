import { Router } from 'express';
import { pingDatabase } from '../db/connect.js';

/**
 * `GET /healthz`: the process is alive. `GET /readyz`: 200 only while the database answers,
 * 503 with the reason otherwise, so a load balancer stops sending traffic here.
 */
export function healthRoutes(): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const db = await pingDatabase();
    if (db.ok) res.json({ status: 'ready', database: 'ok' });
    else res.status(503).json({ status: 'unavailable', database: db.reason });
  });
  return router;
}
