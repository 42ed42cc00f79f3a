import type { RequestHandler } from 'express';
import helmet from 'helmet';

/** Content-Security-Policy directives, helmet's camelCase names, each a list of sources. */
export type CspDirectives = Record<string, string[]>;

/**
 * The policy every page of ours starts from: scripts and styles only from our own files (no
 * inline script, so text injected into a page cannot run), images from our origin, network
 * calls and forms only to our origin, and no framing by anyone.
 */
const BASE_CSP: CspDirectives = {
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  formAction: ["'self'"],
  baseUri: ["'none'"],
  frameAncestors: ["'none'"],
};

/** What a router changes in the shared policy. */
export interface SecurityHeaderOptions {
  /** Directives replacing those of {@link BASE_CSP}. */
  csp?: CspDirectives;
  /** Sends HSTS (a year, subdomains included); only behind TLS. Default: off. */
  hsts?: boolean;
  /** Default `same-origin`. */
  referrerPolicy?: 'same-origin' | 'strict-origin-when-cross-origin' | 'no-referrer';
  /** Leaves out `X-Frame-Options` so that CSP `frame-ancestors` alone decides who may frame (it can list several sites). */
  framedByOthers?: boolean;
}

/**
 * One security-header policy for the whole service (helmet), each router overriding only what
 * it must: CSP, no MIME sniffing, no framing, no cross-origin opener or resource reads, no
 * `X-Powered-By`, and HSTS when asked.
 */
export function securityHeaders(options: SecurityHeaderOptions = {}): RequestHandler {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: { ...BASE_CSP, ...options.csp } },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    referrerPolicy: { policy: options.referrerPolicy ?? 'same-origin' },
    strictTransportSecurity: options.hsts ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    xFrameOptions: options.framedByOthers ? false : { action: 'deny' },
  });
}

/** The header value of {@link BASE_CSP} with `overrides`, for a response whose policy differs from its router's. */
export function cspHeaderValue(overrides: CspDirectives = {}): string {
  const kebab = (name: string) => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
  return Object.entries({ ...BASE_CSP, ...overrides })
    .map(([name, sources]) => `${kebab(name)} ${sources.join(' ')}`)
    .join('; ');
}
