import type { NextFunction, Request, Response } from 'express';
import { securityHeaders } from '../http/security-headers.js';

/**
 * Security headers on every console response: the service's policy (CSP without inline
 * script, no framing, no MIME sniffing, no referrer to other sites), HSTS when the console
 * runs behind TLS (`CONSOLE_SECURE_COOKIES=true`), and no camera, microphone or location.
 */
export function consoleHeaders(options: { hsts: boolean }) {
  const policy = securityHeaders({ hsts: options.hsts });
  return (req: Request, res: Response, next: NextFunction): void => {
    res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
    policy(req, res, next);
  };
}
