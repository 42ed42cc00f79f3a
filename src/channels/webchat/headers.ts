import type { NextFunction, Request, Response } from 'express';

/**
 * The page's Content-Security-Policy: scripts and styles only from our own files (no inline
 * script, so text injected into the page cannot run), images from our origin or any https
 * address the bot links, network calls only to our origin, and framing only by
 * `frameAncestors`.
 */
export function chatPageCsp(frameAncestors: string[]): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' https: data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${frameAncestors.join(' ')}`,
  ].join('; ');
}

/** Headers for every web chat response: no MIME sniffing, no referrer leaking the visitor's page. */
export function baseHeaders() {
  return (_req: Request, res: Response, next: NextFunction): void => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin');
    next();
  };
}

/** Headers for the chat page itself. `X-Frame-Options` is left out: CSP `frame-ancestors` supersedes it and can list several portals. */
export function setPageHeaders(res: Response, frameAncestors: string[]): void {
  res.setHeader('Content-Security-Policy', chatPageCsp(frameAncestors));
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
}
