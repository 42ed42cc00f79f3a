import { readFileSync } from 'node:fs';
import { Router } from 'express';

const FILES: Record<string, string> = {
  'console.css': 'text/css; charset=utf-8',
  'console.js': 'text/javascript; charset=utf-8',
  'ticket.js': 'text/javascript; charset=utf-8',
  'takeover.js': 'text/javascript; charset=utf-8',
  'suggestions.js': 'text/javascript; charset=utf-8',
};

/** The console's own stylesheet and scripts, read once at start, under `/console/static/`. */
export function staticRoutes(): Router {
  const router = Router();
  const loaded = new Map(Object.entries(FILES).map(([name, type]) => [name, { type, body: readFileSync(new URL(`../public/${name}`, import.meta.url)) }]));
  router.get('/static/:file', (req, res, next) => {
    const file = loaded.get(String(req.params.file));
    if (!file) {
      next();
      return;
    }
    res.setHeader('Content-Type', file.type);
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.send(file.body);
  });
  return router;
}
