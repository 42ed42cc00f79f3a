import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FAKE_ZALO_APP_ID, FAKE_ZALO_OA_SECRET_KEY, fakeZaloMsgId } from './events.js';
import { validateCsRequest } from './validate.js';
import type { ZaloCsRequest, ZaloUserDetail } from '../../../src/channels/zalo/wire.js';

export * from './events.js';

const DAY_MS = 86_400_000;

export interface FakeZaloOptions {
  appId?: string;
  /** The app secret the OAuth endpoint expects in the `secret_key` header. */
  appSecret?: string;
  /** The first valid pair. Defaults are random. */
  accessToken?: string;
  refreshToken?: string;
  /** `expires_in` of refreshed tokens, seconds. Default 90000 (25 h). */
  expiresInSeconds?: number;
  /** Refuse `/cs` with -230 unless {@link FakeZalo.recordInteraction} saw the person within 7 days. Default off. */
  enforceInteractionWindow?: boolean;
  /** A refresh also invalidates the previous access token. Default off (UNCONFIRMED on the real API). */
  revokeOldAccessTokens?: boolean;
  now?: () => number;
}

interface FakeZaloSentMessage {
  userId: string;
  body: ZaloCsRequest;
  at: Date;
  messageId: string;
  accessToken: string;
}

interface FakeZaloAttempt {
  at: Date;
  userId?: string;
  /** Zalo `error` answered (0 on success), or the HTTP status when it answered a failure status. */
  error: number;
  httpStatus: number;
}

interface FakeZaloRefreshCall {
  at: Date;
  refreshToken: string;
  ok: boolean;
}

/** A running fake Zalo OA Open API + OAuth server on 127.0.0.1 (usable as ZALO_API_URL and ZALO_OAUTH_URL). */
export interface FakeZalo {
  /** Base URL, e.g. `http://127.0.0.1:53122`. */
  readonly url: string;
  readonly appId: string;
  readonly appSecret: string;
  /** Every message accepted by `/v3.0/oa/message/cs`, in arrival order. */
  readonly sent: FakeZaloSentMessage[];
  /** Every call to `/v3.0/oa/message/cs`, accepted or not. */
  readonly sendAttempts: FakeZaloAttempt[];
  /** Every call to `/v4/oa/access_token`. */
  readonly refreshCalls: FakeZaloRefreshCall[];
  /** The pair a fresh refresh would have issued last (what a correct client now holds). */
  currentTokens(): { accessToken: string; refreshToken: string };
  /** The service settings that point the Zalo channel at this fake, with its current token pair. */
  serviceEnv(): Record<string, string>;
  messagesTo(userId: string): FakeZaloSentMessage[];
  /** The next `count` sends answer HTTP 200 with `{error: code}`. */
  failNextSends(count: number, code: number, message?: string): void;
  /** The next `count` sends answer this HTTP status (default 500). */
  failNextSendsWithHttp(count: number, status?: number): void;
  /** Every answer waits this long first. */
  setDelay(ms: number): void;
  /** Requests received and not answered yet (while a delay or hang holds them). */
  unanswered(): number;
  /** While on, requests are never answered (until `hang(false)` or `close()`). */
  hang(on: boolean): void;
  /** Makes an access token invalid (-216): the current one by default. */
  revokeAccessToken(token?: string): void;
  /** The person interacted with the OA at `at` (default now), for the 7-day check. */
  recordInteraction(userId: string, at?: Date): void;
  /** The profile `/user/detail` returns; `null` makes it answer -213 (not a follower). */
  setProfile(userId: string, profile: Partial<ZaloUserDetail> | null): void;
  close(): Promise<void>;
}

/**
 * Starts a fake of the Zalo endpoints the channel uses, speaking the documented formats:
 * `POST /v3.0/oa/message/cs`, `GET /v3.0/oa/user/detail`, `POST /v4/oa/access_token`.
 * Access tokens are checked (-216 for an unknown one), refresh tokens are single-use (a
 * reused one fails), bodies are validated as Zalo does (-201), and switches fail, slow down
 * or hang answers on demand. Listens on a free port; call `close()` when done.
 */
export async function startFakeZalo(options: FakeZaloOptions = {}): Promise<FakeZalo> {
  const appId = options.appId ?? FAKE_ZALO_APP_ID;
  const appSecret = options.appSecret ?? 'fake-app-secret';
  const now = options.now ?? Date.now;
  const newToken = (kind: string) => `${kind}-${randomBytes(18).toString('base64url')}`;
  let current = { accessToken: options.accessToken ?? newToken('at'), refreshToken: options.refreshToken ?? newToken('rt') };
  const validAccess = new Set([current.accessToken]);
  const unusedRefresh = new Set([current.refreshToken]);
  const interactions = new Map<string, number>();
  const profiles = new Map<string, Partial<ZaloUserDetail> | null>();
  const sent: FakeZaloSentMessage[] = [];
  const sendAttempts: FakeZaloAttempt[] = [];
  const refreshCalls: FakeZaloRefreshCall[] = [];
  const failures: { code: number; message: string }[] = [];
  let httpFailures: { status: number }[] = [];
  let delayMs = 0;
  let unanswered = 0;
  let hanging = false;

  const json = (res: ServerResponse, body: unknown, status = 200) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };

  const handleSend = (req: IncomingMessage, res: ServerResponse, raw: string) => {
    const attempt = (error: number, httpStatus = 200, userId?: string) => sendAttempts.push({ at: new Date(now()), userId, error, httpStatus });
    const http = httpFailures.shift();
    if (http) {
      attempt(0, http.status);
      res.writeHead(http.status, { 'content-type': 'text/html' });
      res.end('<html><body>Internal Server Error</body></html>');
      return;
    }
    const token = String(req.headers.access_token ?? '');
    if (!validAccess.has(token)) {
      attempt(-216);
      return json(res, { error: -216, message: 'Access token is invalid' });
    }
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      attempt(-201);
      return json(res, { error: -201, message: 'Parameters are invalid: body is not JSON' });
    }
    const problem = validateCsRequest(body);
    const userId = typeof (body as ZaloCsRequest)?.recipient?.user_id === 'string' ? (body as ZaloCsRequest).recipient.user_id : undefined;
    const failure = failures.shift();
    if (failure) {
      attempt(failure.code, 200, userId);
      return json(res, { error: failure.code, message: failure.message });
    }
    if (problem !== undefined || userId === undefined) {
      attempt(-201, 200, userId);
      return json(res, { error: -201, message: `Parameters are invalid: ${problem ?? 'recipient.user_id'}` });
    }
    if (options.enforceInteractionWindow && !(now() - (interactions.get(userId) ?? -Infinity) <= 7 * DAY_MS)) {
      attempt(-230, 200, userId);
      return json(res, { error: -230, message: 'User has not interacted with the OA in the past 7 days' });
    }
    const messageId = fakeZaloMsgId();
    sent.push({ userId, body: body as ZaloCsRequest, at: new Date(now()), messageId, accessToken: token });
    attempt(0, 200, userId);
    json(res, {
      error: 0,
      message: 'Success',
      data: { message_id: messageId, user_id: userId, sent_time: String(now()), quota: { quota_type: 'reply', remain: '8', total: '8' } },
    });
  };

  const handleProfile = (req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (!validAccess.has(String(req.headers.access_token ?? ''))) return json(res, { error: -216, message: 'Access token is invalid' });
    let userId: unknown;
    try {
      userId = (JSON.parse(url.searchParams.get('data') ?? '') as { user_id?: unknown }).user_id;
    } catch {
      userId = undefined;
    }
    if (typeof userId !== 'string') return json(res, { error: -201, message: 'Parameters are invalid: data.user_id' });
    const profile = profiles.get(userId);
    if (profile === null) return json(res, { error: -213, message: 'User has not followed the OA' });
    const last = new Date(interactions.get(userId) ?? now());
    const lastText = `${String(last.getUTCDate()).padStart(2, '0')}/${String(last.getUTCMonth() + 1).padStart(2, '0')}/${last.getUTCFullYear()}`;
    json(res, {
      error: 0,
      message: 'Success',
      data: {
        user_id: userId,
        user_id_by_app: `55${userId.slice(2)}`,
        display_name: `Người dùng ${userId.slice(-4)}`,
        user_alias: '',
        avatar: 'https://s120-ava-talk.zadn.vn/a/b/c/1/1/120/avatar.jpg',
        user_is_follower: true,
        user_last_interaction_date: lastText,
        is_sensitive: false,
        ...profile,
      },
    });
  };

  const handleRefresh = (req: IncomingMessage, res: ServerResponse, raw: string) => {
    const form = new URLSearchParams(raw);
    const refreshToken = form.get('refresh_token') ?? '';
    const fail = (error: number, error_name: string, error_description: string) => {
      refreshCalls.push({ at: new Date(now()), refreshToken, ok: false });
      json(res, { error, error_name, error_description });
    };
    if (req.headers.secret_key !== appSecret) return fail(-14002, 'Invalid secret key', 'secret_key header does not match the app');
    if (form.get('app_id') !== appId) return fail(-14001, 'Invalid app id', 'app_id is not valid');
    if (form.get('grant_type') !== 'refresh_token') return fail(-14003, 'Invalid grant type', 'grant_type must be refresh_token');
    // Single-use: a spent or unknown refresh token is refused (real code UNCONFIRMED).
    if (!unusedRefresh.delete(refreshToken)) return fail(-14014, 'Invalid refresh token', 'Refresh token is invalid or has already been used');
    if (options.revokeOldAccessTokens) validAccess.delete(current.accessToken);
    current = { accessToken: newToken('at'), refreshToken: newToken('rt') };
    validAccess.add(current.accessToken);
    unusedRefresh.add(current.refreshToken);
    refreshCalls.push({ at: new Date(now()), refreshToken, ok: true });
    json(res, { access_token: current.accessToken, refresh_token: current.refreshToken, expires_in: String(options.expiresInSeconds ?? 90_000) });
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      unanswered += 1;
      res.on('close', () => {
        unanswered -= 1;
      });
      answer().catch((err: unknown) => res.destroy(err instanceof Error ? err : new Error(String(err))));
      async function answer(): Promise<void> {
        if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
        if (hanging) return; // never answered; close() drops the connection
        const raw = Buffer.concat(chunks).toString('utf8');
        const url = new URL(req.url ?? '/', 'http://fake-zalo');
        if (req.method === 'POST' && url.pathname === '/v3.0/oa/message/cs') return handleSend(req, res, raw);
        if (req.method === 'GET' && url.pathname === '/v3.0/oa/user/detail') return handleProfile(req, res, url);
        if (req.method === 'POST' && url.pathname === '/v4/oa/access_token') return handleRefresh(req, res, raw);
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('not found');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    appId,
    appSecret,
    sent,
    sendAttempts,
    refreshCalls,
    currentTokens: () => ({ ...current }),
    serviceEnv: () => ({
      ZALO_APP_ID: appId,
      ZALO_APP_SECRET: appSecret,
      ZALO_OA_SECRET_KEY: FAKE_ZALO_OA_SECRET_KEY,
      ZALO_ACCESS_TOKEN: current.accessToken,
      ZALO_REFRESH_TOKEN: current.refreshToken,
      ZALO_API_URL: `http://127.0.0.1:${port}`,
      ZALO_OAUTH_URL: `http://127.0.0.1:${port}`,
    }),
    messagesTo: (userId) => sent.filter((m) => m.userId === userId),
    failNextSends: (count, code, message = `Fake Zalo error ${code}`) => {
      for (let i = 0; i < count; i += 1) failures.push({ code, message });
    },
    failNextSendsWithHttp: (count, status = 500) => {
      httpFailures = [...httpFailures, ...Array.from({ length: count }, () => ({ status }))];
    },
    setDelay: (ms) => {
      delayMs = ms;
    },
    unanswered: () => unanswered,
    hang: (on) => {
      hanging = on;
    },
    revokeAccessToken: (token = current.accessToken) => {
      validAccess.delete(token);
    },
    recordInteraction: (userId, at = new Date(now())) => {
      interactions.set(userId, at.getTime());
    },
    setProfile: (userId, profile) => {
      profiles.set(userId, profile);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
