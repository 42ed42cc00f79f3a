import { AppError } from '../errors.js';
import type { Channel } from '../domain/vocabulary.js';

/**
 * The platform answered and refused the message. `retryable` says whether trying again later
 * can succeed (rate limit, server error); `retryAfterMs` is the platform's hint, if any.
 */
export class ChannelSendError extends AppError {
  constructor(
    readonly channel: Channel,
    /** The platform's error code as text, e.g. `-230` (Zalo) or `10/2018278` (Messenger). */
    readonly platformCode: string,
    message: string,
    options: { retryable: boolean; retryAfterMs?: number; cause?: unknown },
  ) {
    super(`${channel}_send_failed`, message, { retryable: options.retryable, cause: options.cause, status: 502 });
    this.retryAfterMs = options.retryAfterMs;
  }
  readonly retryAfterMs?: number;
}

/** The call to the platform never completed (network error, timeout). Always retryable. */
export class ChannelUnreachableError extends AppError {
  constructor(
    readonly channel: Channel,
    message: string,
    cause?: unknown,
  ) {
    super(`${channel}_unreachable`, message, { retryable: true, cause, status: 502 });
  }
}

/** The channel's credentials are wrong or expired; retrying will not help until an admin acts. */
export class ChannelAuthError extends ChannelSendError {
  constructor(channel: Channel, platformCode: string, message: string, cause?: unknown) {
    super(channel, platformCode, message, { retryable: false, cause });
  }
}
