import { createHash } from 'node:crypto';
import type { InboundAttachment, InboundEvent } from '../types.js';

/** What became of one `messaging[]` item. */
export type ParsedItem =
  | { kind: 'event'; event: InboundEvent }
  /** A well-formed item we do not act on (echo, delivery, read, referral…). */
  | { kind: 'ignored'; reason: string }
  /** An item with wrong field types; dropped, the rest of the batch goes on. */
  | { kind: 'skipped'; reason: string };

type Obj = Record<string, unknown>;

/** Longest PSID or message id accepted; Meta's are far shorter (PSIDs 16 digits, mids about 100 characters). */
const MAX_ID_LENGTH = 512;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function optStr(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function optNum(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/**
 * Turns one `entry[].messaging[]` item into an {@link InboundEvent}: text messages, quick
 * replies (type `postback`, text = the chip's title), postbacks and attachments. Echoes,
 * deliveries, reads, referrals, opt-ins and handover events are ignored. Never throws.
 */
export function parseMessagingItem(item: unknown): ParsedItem {
  if (!isObj(item)) return { kind: 'skipped', reason: 'messaging item is not an object' };
  // PSIDs arrive as strings; a number would already have lost digits in JSON.parse.
  const userId = isObj(item.sender) ? optStr(item.sender.id) : undefined;
  const timestamp = optNum(item.timestamp);
  if (!userId) return { kind: 'skipped', reason: 'sender.id is missing or not a string' };
  // Ids become database keys (contact, inbox, leases): an absurd length is dropped, not stored.
  if (userId.length > MAX_ID_LENGTH) return { kind: 'skipped', reason: `sender.id is longer than ${MAX_ID_LENGTH} characters` };
  if (timestamp === undefined) return { kind: 'skipped', reason: 'timestamp is missing or not a number' };

  if (item.message !== undefined) return parseMessage(item, item.message, userId, timestamp);
  if (item.postback !== undefined) return parsePostback(item, item.postback, userId, timestamp);
  for (const key of [
    'delivery',
    'read',
    'reaction',
    'referral',
    'optin',
    'account_linking',
    'pass_thread_control',
    'take_thread_control',
    'request_thread_control',
    'app_roles',
    'policy_enforcement',
  ]) {
    if (key in item) return { kind: 'ignored', reason: key };
  }
  return { kind: 'ignored', reason: 'unknown event kind' };
}

function parseMessage(item: Obj, message: unknown, userId: string, timestamp: number): ParsedItem {
  if (!isObj(message)) return { kind: 'skipped', reason: 'message is not an object' };
  if (message.is_echo === true) return { kind: 'ignored', reason: 'echo' };
  const mid = optStr(message.mid);
  if (!mid) return { kind: 'skipped', reason: 'message.mid is missing or not a string' };
  if (mid.length > MAX_ID_LENGTH) return { kind: 'skipped', reason: `message.mid is longer than ${MAX_ID_LENGTH} characters` };
  if (message.text !== undefined && typeof message.text !== 'string') return { kind: 'skipped', reason: 'message.text is not a string' };
  const text = optStr(message.text);

  if (message.quick_reply !== undefined) {
    const payload = isObj(message.quick_reply) ? optStr(message.quick_reply.payload) : undefined;
    if (payload === undefined) return { kind: 'skipped', reason: 'message.quick_reply.payload is missing or not a string' };
    return { kind: 'event', event: { channel: 'messenger', eventId: mid, userId, timestamp, type: 'postback', text, payload, raw: item } };
  }

  let attachments: InboundAttachment[] | undefined;
  if (message.attachments !== undefined) {
    if (!Array.isArray(message.attachments)) return { kind: 'skipped', reason: 'message.attachments is not an array' };
    attachments = message.attachments.filter(isObj).map(toAttachment);
  }
  if (!text && (!attachments || attachments.length === 0)) return { kind: 'skipped', reason: 'message has neither text nor attachments' };
  const event: InboundEvent = { channel: 'messenger', eventId: mid, userId, timestamp, type: 'message', raw: item };
  if (text) event.text = text;
  if (attachments && attachments.length > 0) event.attachments = attachments;
  return { kind: 'event', event };
}

function parsePostback(item: Obj, postback: unknown, userId: string, timestamp: number): ParsedItem {
  if (!isObj(postback)) return { kind: 'skipped', reason: 'postback is not an object' };
  const payload = optStr(postback.payload);
  if (payload === undefined) return { kind: 'skipped', reason: 'postback.payload is missing or not a string' };
  // postback.mid exists since Graph v11.0; without it the id must still be stable across redeliveries.
  const mid = optStr(postback.mid);
  if (mid !== undefined && mid.length > MAX_ID_LENGTH) return { kind: 'skipped', reason: `postback.mid is longer than ${MAX_ID_LENGTH} characters` };
  const eventId = mid ?? derivedPostbackId(userId, timestamp, payload);
  const event: InboundEvent = { channel: 'messenger', eventId, userId, timestamp, type: 'postback', payload, raw: item };
  const title = optStr(postback.title);
  if (title) event.text = title;
  return { kind: 'event', event };
}

/** The same sender, time and payload always give the same id. */
function derivedPostbackId(userId: string, timestamp: number, payload: string): string {
  const digest = createHash('sha256').update(`${userId}\u0000${timestamp}\u0000${payload}`).digest('hex');
  return `pb_${digest.slice(0, 32)}`;
}

function toAttachment(a: Obj): InboundAttachment {
  const payload = isObj(a.payload) ? a.payload : {};
  const url = optStr(payload.url);
  switch (a.type) {
    case 'image':
      return payload.sticker_id !== undefined ? withUrl({ type: 'sticker' }, url) : withUrl({ type: 'image' }, url);
    case 'audio':
    case 'video':
    case 'file':
      return withUrl({ type: a.type }, url);
    case 'location': {
      const c = isObj(payload.coordinates) ? payload.coordinates : {};
      const latitude = optNum(c.lat);
      const longitude = optNum(c.long);
      return latitude !== undefined && longitude !== undefined ? { type: 'location', latitude, longitude } : { type: 'location' };
    }
    case 'fallback': {
      const out = withUrl({ type: 'link' }, optStr(a.url) ?? url);
      const title = optStr(a.title);
      if (title) out.name = title;
      return out;
    }
    default:
      return withUrl({ type: 'other' }, url);
  }
}

function withUrl(a: InboundAttachment, url: string | undefined): InboundAttachment {
  if (url) a.url = url;
  return a;
}
