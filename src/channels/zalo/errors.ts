import { type AppError } from '../../errors.js';
import { ChannelAuthError, ChannelSendError } from '../errors.js';

/** Codes that mean "this message cannot be delivered as is": never retried. */
const PERMANENT: Record<number, string> = {
  [-201]: 'a parameter of the message is invalid; the payload must be fixed',
  [-233]: 'this message type is not supported',
  [-213]: 'the person does not follow the OA',
  [-227]: 'the person is banned or has been inactive for over 45 days',
  [-230]: 'the person has not interacted with the OA in the past 7 days',
  [-232]: "the person's interaction window has expired",
  [-244]: 'the person has restricted this message type',
};

/** Codes an OA administrator must fix in the Zalo consoles; retrying does not help. */
const ADMIN: Record<number, string> = {
  [-209]: 'the Zalo app is not activated',
  [-212]: 'the API is not registered for the Zalo app',
  [-223]: 'the OA has not authorized the Zalo app',
  [-224]: "the OA's package does not include this API",
  [-216]: 'the access token is invalid, even after a refresh',
  [-220]: 'the access token has expired, even after a refresh',
};

/** The codes that ask for a token refresh and one more try. */
export const ZALO_TOKEN_CODES: ReadonlySet<number> = new Set([-216, -220]);

const VIETNAM_OFFSET_MS = 7 * 3_600_000;

/**
 * Turns a Zalo error answer (`error` ≠ 0, sent with HTTP 200) into a typed error. Rate limit
 * and quota (-32, -211) and the night ban (-234, retry after 06:00) are retryable; the window
 * and recipient codes are permanent; app, OA and token problems are {@link ChannelAuthError}.
 * Unknown codes are permanent: retrying an unexplained refusal risks sending twice.
 */
export function zaloSendError(code: number, platformMessage: string | undefined, now: Date = new Date()): AppError {
  const said = platformMessage ? ` (Zalo: "${platformMessage}")` : '';
  const cause = { error: code, message: platformMessage };
  if (code === -32) return new ChannelSendError('zalo', '-32', `Zalo rate limit reached${said}; backing off`, { retryable: true, retryAfterMs: 60_000, cause });
  if (code === -211) return new ChannelSendError('zalo', '-211', `The OA is out of message quota${said}; check the OA package`, { retryable: true, cause });
  if (code === -234) {
    return new ChannelSendError('zalo', '-234', `Zalo does not deliver this message type at night${said}; rescheduled after 06:00`, {
      retryable: true,
      retryAfterMs: msUntilSixInVietnam(now),
      cause,
    });
  }
  const admin = ADMIN[code];
  if (admin !== undefined)
    return new ChannelAuthError('zalo', String(code), `Zalo refused the call: ${admin}${said}. An OA administrator must fix this.`, cause);
  const permanent = PERMANENT[code] ?? 'an error code this service does not know';
  return new ChannelSendError('zalo', String(code), `Zalo refused the message: ${permanent}${said}`, { retryable: false, cause });
}

function msUntilSixInVietnam(now: Date): number {
  const local = new Date(now.getTime() + VIETNAM_OFFSET_MS);
  const six = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), 6);
  const target = local.getTime() < six ? six : six + 24 * 3_600_000;
  return target - local.getTime();
}
