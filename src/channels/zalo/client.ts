import type { ZaloConfig } from '../../config/config.js';
import { log } from '../../log.js';
import { ChannelSendError, ChannelUnreachableError } from '../errors.js';
import type { ChannelClient, OutboundMessage, SendOptions, SendResult } from '../types.js';
import { ZALO_TOKEN_CODES, zaloSendError } from './errors.js';
import { parseZaloJson } from './json.js';
import { ZaloRenderer } from './render.js';
import type { ZaloAccessTokens } from './tokens.js';
import type { ZaloCsRequest, ZaloEnvelope, ZaloSendData, ZaloUserDetail } from './wire.js';

const clientLog = log.child({ module: 'zalo-client' });

export interface ZaloClientOptions {
  tokens: ZaloAccessTokens;
  /** How messages are rendered (buttons as a template or numbered). Default: template. */
  renderer?: ZaloRenderer;
  /** Timeout of one HTTP call to Zalo. Default 10 s. */
  timeoutMs?: number;
  /** Clock, for the night-ban retry time. */
  now?: () => Date;
}

/**
 * Sends consultation messages (`/v3.0/oa/message/cs`) and reads profiles over Zalo's OA Open API.
 * Throws {@link ChannelSendError} for a refusal (`retryable` per Zalo's code table),
 * {@link ChannelAuthError} for app/OA/token problems, {@link ChannelUnreachableError} when a call
 * never completed (network, timeout). A -216/-220 answer refreshes the token once and retries once.
 */
export class ZaloClient implements ChannelClient {
  readonly channel = 'zalo' as const;
  readonly renderer: ZaloRenderer;
  private readonly apiUrl: string;
  private readonly tokens: ZaloAccessTokens;
  private readonly timeoutMs: number;
  private readonly now: () => Date;

  constructor(config: Pick<ZaloConfig, 'apiUrl'>, options: ZaloClientOptions) {
    this.apiUrl = config.apiUrl.replace(/\/+$/, '');
    this.tokens = options.tokens;
    this.renderer = options.renderer ?? new ZaloRenderer();
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Sends one message as one or more Zalo messages, in order, and returns the id of the last.
   * A text split in parts is not atomic: when a later part fails, the earlier ones were
   * delivered (logged with their ids), and retrying the whole message repeats them.
   */
  async send(recipientId: string, message: OutboundMessage, _options?: SendOptions): Promise<SendResult> {
    const { requests } = this.renderer.render(recipientId, message);
    if (requests.length === 0) {
      throw new ChannelSendError('zalo', 'empty_message', 'Nothing to send: the message has no text, image, button or form', { retryable: false });
    }
    const sentIds: string[] = [];
    for (const request of requests) {
      try {
        const data = await this.sendRequest(request);
        sentIds.push(data.message_id);
      } catch (err) {
        if (sentIds.length > 0) clientLog.warn({ recipientId, sentIds, parts: requests.length }, 'Zalo message delivered only in part');
        throw err;
      }
    }
    return { platformMessageId: sentIds[sentIds.length - 1] };
  }

  /** Posts one already rendered body to `/v3.0/oa/message/cs`; returns Zalo's `data`. */
  async sendRequest(request: ZaloCsRequest): Promise<ZaloSendData> {
    const data = await this.call<ZaloSendData>('POST', '/v3.0/oa/message/cs', request);
    if (typeof data?.message_id !== 'string') {
      throw new ChannelSendError('zalo', 'invalid_response', 'Zalo accepted the message but returned no message_id', { retryable: false, cause: data });
    }
    return data;
  }

  /** The person's Zalo profile (`display_name`, `avatar`, `shared_info`, …). */
  async getProfile(userId: string): Promise<ZaloUserDetail> {
    const query = encodeURIComponent(JSON.stringify({ user_id: userId }));
    const data = await this.call<ZaloUserDetail>('GET', `/v3.0/oa/user/detail?data=${query}`);
    if (typeof data?.user_id !== 'string') {
      throw new ChannelSendError('zalo', 'invalid_response', 'Zalo returned a profile without user_id', { retryable: false, cause: data });
    }
    return data;
  }

  private async call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    let token = await this.tokens.getAccessToken();
    let refreshed = false;
    for (;;) {
      const envelope = await this.exchange<T>(method, path, token, body);
      const code = Number(envelope.error ?? 0);
      if (code === 0) return envelope.data as T;
      if (ZALO_TOKEN_CODES.has(code) && !refreshed) {
        // Refresh once and retry once; a second rejection means an admin must act.
        clientLog.info({ code, path: path.split('?')[0] }, 'Zalo rejected the access token; refreshing once');
        refreshed = true;
        token = await this.tokens.refreshAfterRejection(token);
        continue;
      }
      throw zaloSendError(code, envelope.message, this.now());
    }
  }

  private async exchange<T>(method: 'GET' | 'POST', path: string, token: string, body?: unknown): Promise<ZaloEnvelope<T>> {
    const url = `${this.apiUrl}${path}`;
    let status: number;
    let text: string;
    try {
      const res = await fetch(url, {
        method,
        headers: body === undefined ? { access_token: token } : { access_token: token, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      status = res.status;
      text = await res.text();
    } catch (err) {
      const reason =
        err instanceof Error && err.name === 'TimeoutError' ? `no answer within ${this.timeoutMs} ms` : err instanceof Error ? err.message : String(err);
      throw new ChannelUnreachableError('zalo', `Zalo API ${method} ${path.split('?')[0]} did not complete: ${reason}`, err);
    }
    if (status !== 200) {
      const retryable = status >= 500 || status === 429 || status === 408;
      throw new ChannelSendError('zalo', `http_${status}`, `Zalo API answered HTTP ${status}${retryable ? '; will retry' : ''}`, {
        retryable,
        cause: text.slice(0, 500),
      });
    }
    let parsed: unknown;
    try {
      parsed = parseZaloJson(text);
    } catch (err) {
      throw new ChannelSendError('zalo', 'invalid_response', 'Zalo API answered with a body that is not JSON; will retry', { retryable: true, cause: err });
    }
    if (typeof parsed !== 'object' || parsed === null) {
      throw new ChannelSendError('zalo', 'invalid_response', 'Zalo API answered with an unexpected body; will retry', { retryable: true, cause: parsed });
    }
    return parsed as ZaloEnvelope<T>;
  }
}
