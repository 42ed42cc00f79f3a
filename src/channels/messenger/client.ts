import type { MessengerConfig } from '../../config/config.js';
import { log, type Logger } from '../../log.js';
import { ChannelSendError, ChannelUnreachableError } from '../errors.js';
import type { ChannelClient, OutboundMessage, SendOptions, SendResult } from '../types.js';
import { parseGraphError, toGraphSendError } from './graph-error.js';
import { renderMessengerMessage } from './render.js';
import { appSecretProof } from './signature.js';
import type { MessagingType, SendRequestBody, SendResponseBody } from './wire.js';

export interface MessengerClientOptions {
  /** A Send API call (connect, answer and body) is abandoned after this long. Default 10,000 ms. */
  timeoutMs?: number;
  logger?: Logger;
}

/**
 * Sends messages through the Messenger Send API (`POST {graphUrl}/{graphVersion}/me/messages`),
 * with `appsecret_proof` on every call.
 *
 * Errors: {@link ChannelAuthError} for an invalid token (190), {@link ChannelSendError} for
 * any other refusal (`retryable` for rate limits, temporary errors and 5xx), and
 * {@link ChannelUnreachableError} when the call did not complete (network, timeout). The
 * access token and proof never appear in error messages, causes or logs.
 */
export class MessengerClient implements ChannelClient {
  readonly channel = 'messenger' as const;
  private readonly endpoint: string;
  private readonly timeoutMs: number;
  private readonly log: Logger;
  private readonly secrets: string[];

  constructor(
    private readonly config: Pick<MessengerConfig, 'appSecret' | 'pageAccessToken' | 'graphUrl' | 'graphVersion'>,
    options: MessengerClientOptions = {},
  ) {
    const proof = appSecretProof(config.pageAccessToken, config.appSecret);
    const query = new URLSearchParams({ access_token: config.pageAccessToken, appsecret_proof: proof });
    this.endpoint = `${config.graphUrl.replace(/\/+$/, '')}/${config.graphVersion}/me/messages?${query.toString()}`;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.log = (options.logger ?? log).child({ module: 'messenger-client' });
    this.secrets = [config.pageAccessToken, encodeURIComponent(config.pageAccessToken), proof, config.appSecret].filter((s) => s.length >= 4);
  }

  /**
   * Renders the message (see {@link renderMessengerMessage}) and sends its parts in order, with
   * `messaging_type`/`tag` from `options.window`. Resolves with the last part's `message_id`.
   * A failure stops at that part; parts already sent stay sent.
   */
  async send(recipientId: string, message: OutboundMessage, options: SendOptions): Promise<SendResult> {
    const parts = renderMessengerMessage(message);
    const envelope = this.envelopeOf(recipientId, options);
    let platformMessageId: string | undefined;
    for (const part of parts) {
      const answer = await this.sendRequest({ ...envelope, message: part });
      platformMessageId = answer.message_id ?? platformMessageId;
    }
    return platformMessageId === undefined ? {} : { platformMessageId };
  }

  /** One raw Send API call (a message or a `sender_action`). Same errors as {@link send}. */
  async sendRequest(body: SendRequestBody): Promise<Partial<SendResponseBody>> {
    let status: number;
    let text: string;
    let retryAfter: string | null;
    try {
      const res = await fetch(this.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      status = res.status;
      retryAfter = res.headers.get('retry-after');
      text = await res.text();
    } catch (err) {
      throw this.unreachable(err);
    }
    if (status >= 200 && status < 300 && parseGraphError(text) === undefined) return this.parseSuccess(text);
    const error = toGraphSendError(status, text, (s) => this.redact(s), retryAfterMs(retryAfter));
    this.log.warn({ status, platformCode: error.platformCode, retryable: error.retryable, recipientId: body.recipient?.id }, 'Send API refused a message');
    throw error;
  }

  private envelopeOf(recipientId: string, options: SendOptions): Omit<SendRequestBody, 'message'> {
    const messagingType: MessagingType = options.window.messagingType ?? (options.purpose === 'reply' ? 'RESPONSE' : 'UPDATE');
    if (messagingType === 'MESSAGE_TAG' && !options.window.tag) {
      throw new ChannelSendError('messenger', 'tag_missing', 'MESSAGE_TAG needs a tag (HUMAN_AGENT); the window decision carried none', { retryable: false });
    }
    const envelope: Omit<SendRequestBody, 'message'> = { recipient: { id: recipientId }, messaging_type: messagingType };
    if (messagingType === 'MESSAGE_TAG') envelope.tag = options.window.tag;
    return envelope;
  }

  private parseSuccess(text: string): Partial<SendResponseBody> {
    try {
      const body = JSON.parse(text) as Partial<SendResponseBody>;
      if (typeof body.message_id === 'string') return body;
    } catch {
      // Falls through: Graph said 2xx, so the message went; only its id is unknown.
    }
    this.log.warn({ bodyChars: text.length }, 'Send API answered 2xx without a message_id');
    return {};
  }

  private unreachable(err: unknown): ChannelUnreachableError {
    const name = err instanceof Error ? err.name : 'Error';
    const timedOut = name === 'TimeoutError' || name === 'AbortError';
    const code = (err as { cause?: { code?: unknown } }).cause?.code;
    const message = timedOut
      ? `Messenger Send API at ${this.config.graphUrl} did not answer within ${this.timeoutMs} ms; it will be retried`
      : `Could not reach the Messenger Send API at ${this.config.graphUrl}${typeof code === 'string' ? ` (${code})` : ''}; it will be retried`;
    // The original error may quote the request URL, which holds the token: keep a cleaned copy only.
    const detail = err instanceof Error ? `${err.name}: ${err.message}${err.cause instanceof Error ? ` (${err.cause.message})` : ''}` : String(err);
    this.log.warn({ timedOut, code }, 'Send API unreachable');
    return new ChannelUnreachableError('messenger', message, new Error(this.redact(detail)));
  }

  private redact(s: string): string {
    return this.secrets.reduce((out, secret) => out.split(secret).join('[redacted]'), s);
  }
}

function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}
