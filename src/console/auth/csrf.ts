import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';

/** Form field that carries the CSRF token. */
const CSRF_FIELD = '_csrf';
/** Header that carries the CSRF token for script requests. */
const CSRF_HEADER = 'x-csrf-token';

/** True for methods that change state and therefore need a token. */
export function isUnsafeMethod(method: string): boolean {
  return !['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase());
}

/** The token the request presents: the `X-CSRF-Token` header, else the `_csrf` form field. */
export function presentedCsrfToken(req: Request): string | undefined {
  const header = req.get(CSRF_HEADER);
  if (header) return header;
  const body = req.body as Record<string, unknown> | undefined;
  const field = body && typeof body === 'object' ? body[CSRF_FIELD] : undefined;
  return typeof field === 'string' ? field : undefined;
}

/** Constant-time comparison of a presented token with the expected one. */
export function csrfTokensMatch(presented: string | undefined, expected: string): boolean {
  if (typeof presented !== 'string' || presented.length === 0) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
