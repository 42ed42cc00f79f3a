import { ChannelAuthError, ChannelSendError } from '../errors.js';
import type { GraphErrorBody } from './wire.js';

/** Graph codes worth retrying later: rate limits (4, 613), temporary errors (2, 1200). */
const RETRYABLE_CODES = new Set([2, 4, 613, 1200]);
/** Codes that stay permanent even when Graph answers them with a 5xx status. */
const PERMANENT_CODES = new Set([10, 100, 190, 200, 230, 368, 551]);

/** What to tell an operator for each well-known code; keyed by `code` or `code/subcode`. */
const ADVICE: Record<string, string> = {
  '2': 'temporary Graph error; it will be retried',
  '4': 'rate limited; it will be retried later',
  '613': 'rate limited; it will be retried later',
  '1200': 'temporary Send API error; it will be retried',
  '551': 'the person cannot be reached (blocked the Page or deactivated the account); do not resend',
  '10/2018278': "outside Messenger's messaging window; wait until the person writes again",
  '10/2534022': "outside Messenger's messaging window; wait until the person writes again",
  '100': 'the request was invalid (a parameter, a retired message tag or a bad appsecret_proof); fix the message or FB_APP_SECRET',
  '190': 'the Page access token is invalid or expired; issue a new one and set FB_PAGE_ACCESS_TOKEN',
  '200': 'permission missing; check pages_messaging and the app’s role on the Page',
  '230': 'permission missing; check pages_messaging and the app’s role on the Page',
  '368': 'the Page was blocked for abusive sending; stop and review before sending again',
};

/** Parsed `{error:{…}}` of a Graph answer, or undefined when the body is not one. */
export function parseGraphError(bodyText: string): GraphErrorBody['error'] | undefined {
  try {
    const body = JSON.parse(bodyText) as unknown;
    if (typeof body !== 'object' || body === null || !('error' in body)) return undefined;
    const error = body.error;
    if (typeof error !== 'object' || error === null || typeof (error as { code?: unknown }).code !== 'number') return undefined;
    return error as GraphErrorBody['error'];
  } catch {
    // Not JSON (a proxy's error page): the caller falls back to the HTTP status.
    return undefined;
  }
}

/**
 * Turns a failed Send API answer into a typed error: {@link ChannelAuthError} for code 190,
 * a retryable {@link ChannelSendError} for codes 2, 4, 613, 1200 and HTTP 5xx/429, a permanent
 * one otherwise (551, 10/2018278, 2534022, 100, 200, 230, 368…). `platformCode` is
 * `code/subcode` (e.g. `10/2018278`) or `http_<status>` without a Graph error body.
 * `redact` removes secrets from the platform's message before it is kept.
 */
export function toGraphSendError(httpStatus: number, bodyText: string, redact: (s: string) => string, retryAfterMs?: number): ChannelSendError {
  const error = parseGraphError(bodyText);
  if (!error) {
    const retryable = httpStatus >= 500 || httpStatus === 429;
    return new ChannelSendError(
      'messenger',
      `http_${httpStatus}`,
      `Messenger Send API answered HTTP ${httpStatus} without a Graph error${retryable ? '; it will be retried' : ''}`,
      {
        retryable,
        retryAfterMs,
      },
    );
  }
  const subcode = typeof error.error_subcode === 'number' ? error.error_subcode : undefined;
  const platformCode = subcode === undefined ? String(error.code) : `${error.code}/${subcode}`;
  const cause = { ...error, message: redact(String(error.message ?? '')) };
  const advice =
    ADVICE[platformCode] ?? ADVICE[String(error.code)] ?? (httpStatus >= 500 ? 'server error; it will be retried' : 'see the Send API error reference');
  const message = `Messenger refused the message (code ${platformCode}${error.fbtrace_id ? `, fbtrace_id ${error.fbtrace_id}` : ''}): ${cause.message} — ${advice}`;
  if (error.code === 190) return new ChannelAuthError('messenger', platformCode, message, cause);
  const retryable = RETRYABLE_CODES.has(error.code) || (httpStatus >= 500 && !PERMANENT_CODES.has(error.code));
  return new ChannelSendError('messenger', platformCode, message, { retryable, retryAfterMs, cause });
}
