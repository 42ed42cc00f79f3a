import { createHash } from 'node:crypto';
import type { InboundAttachment, InboundEvent } from '../types.js';
import { readWire } from '../wire-issues.js';
import { messengerAttachment, messengerEcho, messengerItem, messengerMessage, messengerPostback, type MessengerAttachment } from './inbound.js';

/** What became of one `messaging[]` item. */
export type ParsedItem =
  | { kind: 'event'; event: InboundEvent }
  /** A well-formed item we do not act on (echo, delivery, read, referral…). */
  | { kind: 'ignored'; reason: string }
  /** An item with wrong field types; dropped, the rest of the batch goes on. `reason` names every wrong field. */
  | { kind: 'skipped'; reason: string };

/** Kinds of items we read and deliberately leave alone. */
const IGNORED_KINDS = [
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
];

/**
 * Turns one `entry[].messaging[]` item into an {@link InboundEvent}: text messages, quick
 * replies (type `postback`, text = the chip's title), postbacks and attachments. Echoes,
 * deliveries, reads, referrals, opt-ins and handover events are ignored. Never throws.
 */
export function parseMessagingItem(item: unknown): ParsedItem {
  const envelope = readWire(messengerItem, item);
  if (!envelope.ok) return { kind: 'skipped', reason: envelope.problem };
  const raw = item as Record<string, unknown>;
  const { sender, timestamp } = envelope.value;
  if (raw.message !== undefined) return parseMessage(raw, sender.id, timestamp);
  if (raw.postback !== undefined) return parsePostback(raw, sender.id, timestamp);
  const kind = IGNORED_KINDS.find((key) => key in raw);
  return { kind: 'ignored', reason: kind ?? 'unknown event kind' };
}

function parseMessage(raw: Record<string, unknown>, userId: string, timestamp: number): ParsedItem {
  if (messengerEcho.safeParse(raw.message).success) return { kind: 'ignored', reason: 'echo' };
  const read = readWire(messengerMessage, raw.message);
  if (!read.ok) return { kind: 'skipped', reason: prefixed('message', read.problem) };
  const { mid, text, quick_reply: quickReply } = read.value;

  if (quickReply !== undefined) {
    return { kind: 'event', event: { channel: 'messenger', eventId: mid, userId, timestamp, type: 'postback', text, payload: quickReply.payload, raw } };
  }
  const attachments = read.value.attachments?.flatMap((value) => {
    const attachment = messengerAttachment.safeParse(value);
    return attachment.success ? [toAttachment(attachment.data)] : [];
  });
  if (!text && (!attachments || attachments.length === 0)) return { kind: 'skipped', reason: 'message has neither text nor attachments' };
  const event: InboundEvent = { channel: 'messenger', eventId: mid, userId, timestamp, type: 'message', raw };
  if (text) event.text = text;
  if (attachments && attachments.length > 0) event.attachments = attachments;
  return { kind: 'event', event };
}

function parsePostback(raw: Record<string, unknown>, userId: string, timestamp: number): ParsedItem {
  const read = readWire(messengerPostback, raw.postback);
  if (!read.ok) return { kind: 'skipped', reason: prefixed('postback', read.problem) };
  const { payload, mid, title } = read.value;
  // Without postback.mid (Graph before v11.0) the id must still be stable across redeliveries.
  const eventId = mid ?? derivedPostbackId(userId, timestamp, payload);
  const event: InboundEvent = { channel: 'messenger', eventId, userId, timestamp, type: 'postback', payload, raw };
  if (title) event.text = title;
  return { kind: 'event', event };
}

/** `readWire` names fields from the part it read (`body mid …`); say which part that was. */
function prefixed(part: string, problem: string): string {
  return problem
    .split('; ')
    .map((line) => (line.startsWith('body ') ? `${part} ${line.slice('body '.length)}` : `${part}.${line}`))
    .join('; ');
}

/** The same sender, time and payload always give the same id. */
function derivedPostbackId(userId: string, timestamp: number, payload: string): string {
  const digest = createHash('sha256').update(`${userId}\u0000${timestamp}\u0000${payload}`).digest('hex');
  return `pb_${digest.slice(0, 32)}`;
}

function toAttachment(wire: MessengerAttachment): InboundAttachment {
  const payload = wire.payload ?? undefined;
  const url = payload?.url;
  switch (wire.type) {
    case 'image':
      return payload?.sticker_id !== undefined ? withUrl({ type: 'sticker' }, url) : withUrl({ type: 'image' }, url);
    case 'audio':
    case 'video':
    case 'file':
      return withUrl({ type: wire.type }, url);
    case 'location': {
      const c = payload?.coordinates;
      return c !== undefined ? { type: 'location', latitude: c.lat, longitude: c.long } : { type: 'location' };
    }
    case 'fallback': {
      const out = withUrl({ type: 'link' }, wire.url ?? url);
      if (wire.title) out.name = wire.title;
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
