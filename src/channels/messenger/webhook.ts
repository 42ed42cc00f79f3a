import type { MessengerConfig } from '../../config/config.js';
import { describeError } from '../../errors.js';
import type { InboundEvent, WebhookOutcome, WebhookRequest } from '../types.js';
import { readWire } from '../wire-issues.js';
import { messengerBody, messengerEntry, messengerPageBody } from './inbound.js';
import { parseMessagingItem } from './parse.js';
import { hasValidSignature, secretsEqual } from './signature.js';

/** What Messenger's webhook endpoint answers; applied to HTTP by src/http/webhook-route.ts. */
export interface MessengerWebhook {
  /**
   * The subscription handshake: 200 with the bare `hub.challenge` when `hub.mode=subscribe`
   * and `hub.verify_token` matches; 403 otherwise; 400 when the challenge is missing.
   */
  handleGet(req: WebhookRequest): { status: number; body: string };
  /**
   * Verifies `X-Hub-Signature-256` over the exact body bytes, then parses the batch.
   * - 401 (with a `note`): signature missing, malformed, wrong, or only the SHA-1 `X-Hub-Signature`.
   * - 400: the body is not JSON or the envelope is wrong (`object` missing, `entry` not a list).
   * - 200, no events: a signed body for another product (`object` other than `"page"`); a 4xx
   *   would only make Meta redeliver it for a day and a half.
   * - 200: one event per text, quick reply, postback or attachment message, in delivery
   *   order across entries and people. Echoes, deliveries, reads, referrals, opt-ins and
   *   `standby[]` items are ignored; an item with wrong field types is dropped (named in `note`)
   *   and the rest of the batch is kept.
   * Pure and synchronous: no I/O, never throws.
   */
  handlePost(req: WebhookRequest): WebhookOutcome;
}

const ACK = 'EVENT_RECEIVED';

/** Builds the Messenger webhook handlers for one Page app. */
export function createMessengerWebhook(config: Pick<MessengerConfig, 'appSecret' | 'verifyToken'>): MessengerWebhook {
  return {
    handleGet(req) {
      const mode = queryValue(req.query, 'mode');
      const token = queryValue(req.query, 'verify_token');
      const challenge = queryValue(req.query, 'challenge');
      if (mode !== 'subscribe' || token === undefined || !secretsEqual(token, config.verifyToken)) {
        return { status: 403, body: 'Forbidden' };
      }
      // Meta sends an integer; anything else is not reflected back.
      if (challenge === undefined || !/^[A-Za-z0-9_.-]{1,256}$/.test(challenge)) {
        return { status: 400, body: 'hub.challenge missing or malformed' };
      }
      return { status: 200, body: challenge };
    },

    handlePost(req) {
      try {
        return handleSignedPost(req, config.appSecret);
      } catch (err) {
        // Unreachable by design; a 500 (logged with this note) makes Meta redeliver rather than lose the batch.
        return { status: 500, body: 'Internal error', events: [], note: `webhook parse failed: ${describeError(err)}` };
      }
    },
  };
}

function handleSignedPost(req: WebhookRequest, appSecret: string): WebhookOutcome {
  const signature = header(req.headers, 'x-hub-signature-256');
  if (signature === undefined) {
    const note =
      header(req.headers, 'x-hub-signature') !== undefined
        ? 'only the SHA-1 X-Hub-Signature header was sent; X-Hub-Signature-256 is required'
        : 'X-Hub-Signature-256 header missing';
    return reject(401, note);
  }
  if (!hasValidSignature(signature, req.rawBody, appSecret)) {
    return reject(401, 'X-Hub-Signature-256 does not match the body (check FB_APP_SECRET)');
  }

  let body: unknown;
  try {
    body = JSON.parse(req.rawBody.toString('utf8'));
  } catch {
    return reject(400, 'body is not valid JSON');
  }
  const envelope = messengerBody.safeParse(body);
  if (!envelope.success) return reject(400, 'body has no "object" field');
  const product = envelope.data.object;
  if (product !== 'page') return { status: 200, body: ACK, events: [], note: `object "${product.slice(0, 40)}" is not a Page webhook; ignored` };
  const page = messengerPageBody.safeParse(body);
  if (!page.success) return reject(400, 'body has no "entry" list');

  const events: InboundEvent[] = [];
  const skipped: string[] = [];
  let standby = 0;
  page.data.entry.forEach((value, i) => {
    const entry = readWire(messengerEntry, value);
    if (!entry.ok) return skipped.push(`entry[${i}]: ${entry.problem}`);
    standby += entry.value.standby?.length ?? 0;
    entry.value.messaging?.forEach((item, j) => {
      const parsed = parseMessagingItem(item);
      if (parsed.kind === 'event') events.push(parsed.event);
      else if (parsed.kind === 'skipped') skipped.push(`entry[${i}].messaging[${j}]: ${parsed.reason}`);
    });
  });

  const notes: string[] = [];
  if (skipped.length > 0) notes.push(`skipped ${skipped.length} malformed item(s): ${skipped.slice(0, 5).join('; ')}`);
  if (standby > 0) notes.push(`ignored ${standby} standby item(s)`);
  const outcome: WebhookOutcome = { status: 200, body: ACK, events };
  if (notes.length > 0) outcome.note = notes.join('; ');
  return outcome;
}

function reject(status: number, note: string): WebhookOutcome {
  return { status, body: status === 401 ? 'Invalid signature' : 'Bad request', events: [], note };
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A single header value, whatever the case of its name; a repeated header counts as absent. */
function header(headers: WebhookRequest['headers'], name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    if (typeof value === 'string') return value;
    if (Array.isArray(value) && value.length === 1) return value[0];
    return undefined;
  }
  return undefined;
}

/** `hub.<name>` from a flat (`hub.mode`) or nested (`hub: { mode }`) query object. */
function queryValue(query: Record<string, unknown>, name: string): string | undefined {
  const flat = query[`hub.${name}`];
  if (typeof flat === 'string') return flat;
  const hub = query.hub;
  if (isObj(hub) && typeof hub[name] === 'string') return hub[name];
  return undefined;
}
