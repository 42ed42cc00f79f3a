import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * The MAC Zalo puts in `X-ZEvent-Signature` (after `mac=`): lowercase hex SHA-256 of
 * app_id + raw body + timestamp + OA secret key. A plain hash of the concatenation, not an HMAC.
 */
export function zaloMac(appId: string, rawBody: Buffer, timestamp: string, oaSecretKey: string): string {
  return createHash('sha256')
    .update(Buffer.from(appId, 'utf8'))
    .update(rawBody)
    .update(Buffer.from(timestamp, 'utf8'))
    .update(Buffer.from(oaSecretKey, 'utf8'))
    .digest('hex');
}

/**
 * Checks a `X-ZEvent-Signature` header value against the body. Compares in constant time and
 * accepts only a 64-digit hex SHA-256 (so a SHA-1 or truncated value fails, never throws).
 */
export function isValidZaloSignature(header: string, appId: string, rawBody: Buffer, timestamp: string, oaSecretKey: string): boolean {
  const match = /^mac=([0-9a-fA-F]{64})$/.exec(header.trim());
  if (!match) return false;
  const expected = Buffer.from(zaloMac(appId, rawBody, timestamp, oaSecretKey), 'hex');
  const given = Buffer.from(match[1]!, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
