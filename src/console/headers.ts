import type { NextFunction, Request, Response } from 'express';

/**
 * The console's Content-Security-Policy: scripts and styles only from the console's own files
 * (no inline script, so text injected into a page cannot run), no framing by anyone, forms
 * and network calls only to this origin.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Security headers on every console response: CSP, no framing, no MIME sniffing, no referrer
 * to other sites, and HSTS when the console runs behind TLS (`CONSOLE_SECURE_COOKIES=true`).
 */
export function consoleHeaders(options: { hsts: boolean }) {
  return (_req: Request, res: Response, next: NextFunction): void => {
    res.setHeader('Content-Security-Policy', CONSOLE_CSP);
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
    if (options.hsts) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    next();
  };
}
