import type { Request, Response } from 'express';

/** Name of the console's session cookie (scoped to the console's path). */
export const SESSION_COOKIE = 'caunoi_console';
/** Name of the cookie carrying the sign-in form's CSRF token before a session exists. */
export const PRE_SESSION_COOKIE = 'caunoi_console_pre';

/** Reads one cookie from the request's `Cookie` header (no cookie parser needed). */
export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    if (part.slice(0, i).trim() !== name) continue;
    const value = part.slice(i + 1).trim();
    try {
      return decodeURIComponent(value);
    } catch {
      // A malformed escape cannot be one of our cookies (we only set base64url values).
      return undefined;
    }
  }
  return undefined;
}

export interface CookieOptions {
  /** Lifetime in seconds; 0 deletes the cookie. */
  maxAgeSeconds: number;
  secure: boolean;
  path: string;
}

/** Sets an HttpOnly, SameSite=Lax cookie (Secure when asked). */
export function setCookie(res: Response, name: string, value: string, options: CookieOptions): void {
  const parts = [
    `${name}=${encodeURIComponent(value)}`,
    `Path=${options.path}`,
    `Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`,
    'HttpOnly',
    'SameSite=Lax',
  ];
  if (options.secure) parts.push('Secure');
  res.append('Set-Cookie', parts.join('; '));
}

/** Deletes a cookie set with {@link setCookie}. */
export function clearCookie(res: Response, name: string, path: string, secure: boolean): void {
  setCookie(res, name, '', { maxAgeSeconds: 0, secure, path });
}
