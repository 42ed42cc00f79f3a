import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { log, type Logger } from '../log.js';

declare module 'express-serve-static-core' {
  interface Request {
    /** Request id, taken from `X-Request-Id` when a proxy set one. */
    id: string;
    /** Logger carrying the request id. */
    log: Logger;
    /** Exact bytes of the body, kept for signature checks. */
    rawBody?: Buffer;
  }
}

const httpLog = log.child({ module: 'http' });

/** Gives each request an id and a child logger, and logs one line when it finishes. */
export function requestLog() {
  return (req: Request, res: Response, next: NextFunction): void => {
    const header = req.get('x-request-id');
    req.id = header && /^[\w.-]{1,64}$/.test(header) ? header : randomUUID();
    req.log = httpLog.child({ reqId: req.id });
    res.setHeader('X-Request-Id', req.id);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const level = res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'debug';
      req.log[level]({ method: req.method, url: req.originalUrl.split('?')[0], status: res.statusCode, ms: Math.round(ms * 10) / 10 }, 'request');
    });
    next();
  };
}
