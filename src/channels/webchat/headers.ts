import type { Response } from 'express';
import { cspHeaderValue, securityHeaders } from '../../http/security-headers.js';

/**
 * The page's Content-Security-Policy: the service's policy, with images also from any https
 * address the bot links, no forms, and framing only by `frameAncestors`.
 */
function chatPageCsp(frameAncestors: string[]): string {
  return cspHeaderValue({ imgSrc: ["'self'", 'https:', 'data:'], formAction: ["'none'"], frameAncestors });
}

/**
 * Headers for every web chat response: the service's policy, with a referrer that names only our
 * origin and no `X-Frame-Options` (the page sets CSP `frame-ancestors`, which can list several portals).
 */
export function baseHeaders() {
  return securityHeaders({ referrerPolicy: 'strict-origin-when-cross-origin', framedByOthers: true });
}

/** Headers for the chat page itself: its own CSP in place of the router's, and no caching. */
export function setPageHeaders(res: Response, frameAncestors: string[]): void {
  res.setHeader('Content-Security-Policy', chatPageCsp(frameAncestors));
  res.setHeader('Cache-Control', 'no-store');
}
