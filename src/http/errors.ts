import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../errors.js';
import { isDatabaseUnavailable } from '../db/connect.js';

/**
 * The one error handler: maps typed errors to their status, the database being away to 503,
 * malformed bodies to 400/413, and anything else to 500 with the request id to quote.
 */
export function errorHandler() {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    let status = 500;
    let code = 'internal_error';
    let message = 'Something went wrong. Quote this request id when reporting it: ' + req.id;
    const bodyError = err as { type?: string; status?: number };
    if (err instanceof AppError) {
      status = err.status;
      code = err.code;
      message = err.message;
    } else if (isDatabaseUnavailable(err)) {
      status = 503;
      code = 'database_unavailable';
      message = 'The service cannot store data right now; please try again shortly.';
    } else if (bodyError.type === 'entity.too.large') {
      status = 413;
      code = 'body_too_large';
      message = 'The request body is larger than allowed.';
    } else if (bodyError.type === 'entity.parse.failed' || bodyError.type === 'encoding.unsupported' || bodyError.type === 'charset.unsupported') {
      status = 400;
      code = 'body_malformed';
      message = 'The request body could not be read as JSON.';
    }
    if (status >= 500) req.log.error({ err, code }, 'request failed');
    else req.log.warn({ code, msg: message }, 'request rejected');
    if (res.headersSent) return;
    res.status(status).json({ error: code, message });
  };
}
