import { createHmac, timingSafeEqual } from 'node:crypto';

/** `X-Hub-Signature-256` value for a body: `sha256=` + hex HMAC-SHA256 keyed with the App Secret. */
export function signMessengerBody(rawBody: Buffer | string, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

/**
 * True when `header` is a well-formed `sha256=<64 hex>` matching the HMAC of the exact body
 * bytes. The comparison takes the same time wherever the first difference is.
 */
export function hasValidSignature(header: string, rawBody: Buffer, appSecret: string): boolean {
  const match = /^sha256=([0-9a-fA-F]{64})$/.exec(header.trim());
  if (!match) return false;
  const given = Buffer.from(match[1]!, 'hex');
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  return timingSafeEqual(given, expected);
}

/** `appsecret_proof` for Graph calls: hex HMAC-SHA256 of the access token, keyed with the App Secret. */
export function appSecretProof(accessToken: string, appSecret: string): string {
  return createHmac('sha256', appSecret).update(accessToken).digest('hex');
}

/** Compares two secrets in constant time, whatever their lengths. */
export function secretsEqual(a: string, b: string): boolean {
  const ha = createHmac('sha256', 'cau-noi-compare').update(a).digest();
  const hb = createHmac('sha256', 'cau-noi-compare').update(b).digest();
  return timingSafeEqual(ha, hb);
}
