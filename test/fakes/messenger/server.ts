import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MessengerConfig } from '../../../src/config/config.js';
import { validateSendBody } from './validation.js';
import { appSecretProof, secretsEqual } from '../../../src/channels/messenger/signature.js';
import type { SendMessage } from '../../../src/channels/messenger/wire.js';

export { signMessengerBody } from '../../../src/channels/messenger/signature.js';
export * from './payloads.js';

export interface FakeGraphOptions {
  /** Default `fake-page-token`. */
  accessToken?: string;
  /** Default `fake-app-secret`. */
  appSecret?: string;
  /** Default `v25.0`. */
  version?: string;
}

/** A Graph error to answer with (see the Send API error table). */
interface FakeGraphFailure {
  code: number;
  subcode?: number;
  message?: string;
  type?: string;
  /** HTTP status; default 400, or 500 for codes 1 and 2. */
  status?: number;
}

/** One accepted Send API call, as received. */
interface ReceivedSend {
  recipientId: string;
  messaging_type: string;
  tag?: string;
  message?: SendMessage;
  sender_action?: string;
  /** The id the fake answered with. */
  message_id: string;
  at: Date;
}

/** A running fake Graph API; see {@link startFakeGraph}. */
export interface FakeGraph {
  /** Base URL, to use as `FB_GRAPH_URL`. */
  readonly url: string;
  readonly version: string;
  readonly accessToken: string;
  readonly appSecret: string;
  /** Accepted calls, in arrival order. */
  readonly sent: ReceivedSend[];
  /** Every POST to the Send API endpoint, accepted or not. */
  readonly attempts: number;
  /** A config pointing at this fake. */
  messengerConfig(verifyToken?: string): MessengerConfig;
  /** The next `count` well-authenticated calls answer this Graph error. */
  failNext(count: number, failure: FakeGraphFailure): void;
  /** The next `count` calls answer a rate-limit error (code 4 or 613). */
  rateLimitNext(count: number, code?: 4 | 613): void;
  /** The next `count` calls answer a bare HTTP error with a plain-text body, like a proxy. */
  httpErrorNext(count: number, status?: number): void;
  /** The next `count` calls never answer (until {@link close}). */
  hangNext(count: number): void;
  /** Every answer waits this long first. */
  setDelay(ms: number): void;
  /** Sends to this PSID answer 551/1545041 (person unavailable). */
  blockRecipient(psid: string): void;
  /** Forgets switches and recorded calls. */
  reset(): void;
  close(): Promise<void>;
}

type Behaviour = { kind: 'graph'; failure: FakeGraphFailure } | { kind: 'http'; status: number } | { kind: 'hang' };

/**
 * Starts a local HTTP server on 127.0.0.1 (a free port) speaking the Send API wire format at
 * `POST /{version}/me/messages`: it checks `access_token` (190 when wrong) and
 * `appsecret_proof` (100 when missing or wrong, as Graph does), validates the body like Graph
 * (error 100: recipient, messaging_type, tag, text < 2000, ≤ 13 quick replies with titles
 * ≤ 20, button template text ≤ 640 with 1–3 buttons), records accepted calls and answers
 * `{recipient_id, message_id}`. Switches make it fail, slow down or hang on demand.
 */
export async function startFakeGraph(options: FakeGraphOptions = {}): Promise<FakeGraph> {
  const accessToken = options.accessToken ?? 'fake-page-token';
  const appSecret = options.appSecret ?? 'fake-app-secret';
  const version = options.version ?? 'v25.0';
  const proof = appSecretProof(accessToken, appSecret);
  const sent: ReceivedSend[] = [];
  const queue: Behaviour[] = [];
  const blocked = new Set<string>();
  const timers = new Set<NodeJS.Timeout>();
  let delayMs = 0;
  let attempts = 0;
  let counter = 0;

  const graphError = (res: ServerResponse, f: FakeGraphFailure): void => {
    const error: Record<string, unknown> = { message: f.message ?? `(#${f.code}) Fake Graph error`, type: f.type ?? 'OAuthException', code: f.code };
    if (f.subcode !== undefined) error.error_subcode = f.subcode;
    error.fbtrace_id = `A${randomBytes(8).toString('hex')}`;
    json(res, f.status ?? (f.code === 1 || f.code === 2 ? 500 : 400), { error });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'POST' || url.pathname !== `/${version}/me/messages`) {
      return graphError(res, { code: 2500, message: 'Unknown path components: ' + url.pathname, status: 400 });
    }
    const raw = await readBody(req);
    attempts += 1;
    const token = url.searchParams.get('access_token');
    if (!token) return graphError(res, { code: 2500, message: 'An active access token must be used to query information about the current user.' });
    if (!secretsEqual(token, accessToken)) return graphError(res, { code: 190, message: 'Invalid OAuth access token - Cannot parse access token' });
    const givenProof = url.searchParams.get('appsecret_proof');
    if (!givenProof)
      return graphError(res, { code: 100, type: 'GraphMethodException', message: 'API calls from the server require an appsecret_proof argument' });
    if (!secretsEqual(givenProof, proof))
      return graphError(res, { code: 100, type: 'GraphMethodException', message: 'Invalid appsecret_proof provided in the API argument' });

    const next = queue.shift();
    if (next?.kind === 'hang') return; // left open; close() destroys the socket
    if (next?.kind === 'http') return text(res, next.status, 'Internal Server Error');
    if (next?.kind === 'graph') return graphError(res, next.failure);

    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return graphError(res, { code: 100, message: '(#100) The request body is not valid JSON' });
    }
    const problem = validateSendBody(body);
    if (problem) return graphError(res, { code: 100, message: problem });
    const b = body as { recipient: { id: string }; messaging_type: string; tag?: string; message?: SendMessage; sender_action?: string };
    if (blocked.has(b.recipient.id)) return graphError(res, { code: 551, subcode: 1545041, message: "This person isn't available right now." });
    counter += 1;
    const record: ReceivedSend = {
      recipientId: b.recipient.id,
      messaging_type: b.messaging_type,
      message_id: `m_fake${counter}_${randomBytes(6).toString('hex')}`,
      at: new Date(),
    };
    if (b.tag !== undefined) record.tag = b.tag;
    if (b.message !== undefined) record.message = b.message;
    if (b.sender_action !== undefined) record.sender_action = b.sender_action;
    sent.push(record);
    json(res, 200, b.message ? { recipient_id: record.recipientId, message_id: record.message_id } : { recipient_id: record.recipientId });
  };

  const server = createServer((req, res) => {
    const run = (): void => {
      handle(req, res).catch((err: unknown) => {
        // Only a client that went away mid-body gets here; there is no one left to answer then.
        if (!res.headersSent) text(res, 500, `fake graph failed: ${String(err)}`);
      });
    };
    if (delayMs <= 0) return run();
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, delayMs);
    timers.add(timer);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;
  const push = (count: number, b: Behaviour): void => {
    for (let i = 0; i < count; i += 1) queue.push(b);
  };

  return {
    url: base,
    version,
    accessToken,
    appSecret,
    sent,
    get attempts() {
      return attempts;
    },
    messengerConfig: (verifyToken = 'fake-verify-token') => ({ appSecret, pageAccessToken: accessToken, verifyToken, graphVersion: version, graphUrl: base }),
    failNext: (count, failure) => push(count, { kind: 'graph', failure }),
    rateLimitNext: (count, code = 613) =>
      push(count, {
        kind: 'graph',
        failure: { code, message: code === 4 ? '(#4) Application request limit reached' : '(#613) Calls to this api have exceeded the rate limit.' },
      }),
    httpErrorNext: (count, status = 500) => push(count, { kind: 'http', status }),
    hangNext: (count) => push(count, { kind: 'hang' }),
    setDelay: (ms) => {
      delayMs = ms;
    },
    blockRecipient: (psid) => {
      blocked.add(psid);
    },
    reset: () => {
      queue.length = 0;
      sent.length = 0;
      blocked.clear();
      delayMs = 0;
      attempts = 0;
    },
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' }).end(JSON.stringify(body));
}

function text(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/plain' }).end(body);
}
