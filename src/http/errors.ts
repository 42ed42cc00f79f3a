import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../errors.js';
import { isDatabaseUnavailable } from '../db/connect.js';

/** What an error means for an HTTP answer; `appMessage` is set for our own typed errors. */
export interface ClassifiedError {
  status: number;
  code: 'internal_error' | 'database_unavailable' | 'body_too_large' | 'body_malformed' | (string & {});
  appMessage?: string;
}

/**
 * Maps anything thrown to a status and a stable code: typed errors keep theirs, the database
 * being away is 503, bodies too large or unreadable are 413/400, anything else 500. Every
 * error handler (the API's here, the console's HTML one) starts from this.
 */
export function classifyError(err: unknown): ClassifiedError {
  if (err instanceof AppError) return { status: err.status, code: err.code, appMessage: err.message };
  if (isDatabaseUnavailable(err)) return { status: 503, code: 'database_unavailable' };
  const bodyError = err as { type?: string };
  if (bodyError?.type === 'entity.too.large') return { status: 413, code: 'body_too_large' };
  if (bodyError?.type === 'entity.parse.failed' || bodyError?.type === 'encoding.unsupported' || bodyError?.type === 'charset.unsupported') {
    return { status: 400, code: 'body_malformed' };
  }
  return { status: 500, code: 'internal_error' };
}

const MESSAGES: Record<string, string> = {
  database_unavailable: 'The service cannot store data right now; please try again shortly.',
  body_too_large: 'The request body is larger than allowed.',
  body_malformed: 'The request body could not be read as JSON.',
};

/**
 * The API error handler: a JSON body `{ error, message }` with the classified status; an
 * unexpected error is logged with context and answered with the request id to quote.
 */
export function errorHandler() {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const { status, code, appMessage } = classifyError(err);
    const message = appMessage ?? MESSAGES[code] ?? `Something went wrong. Quote this request id when reporting it: ${req.id}`;
    if (status >= 500) req.log.error({ err, code }, 'request failed');
    else req.log.warn({ code, msg: message }, 'request rejected');
    if (res.headersSent) return;
    res.status(status).json({ error: code, message });
  };
}
