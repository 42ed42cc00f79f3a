import type { ZaloConfig } from '../../config/config.js';
import type { InboundAttachment, InboundEvent, SubmittedInfo, WebhookOutcome, WebhookRequest } from '../types.js';
import { parseZaloJson } from './json.js';
import { isValidZaloSignature } from './signature.js';
import { fromQueryPayload } from './render.js';

/** Zalo attachment types we keep as they are; anything else becomes `other`. */
const ATTACHMENT_TYPES = new Set<InboundAttachment['type']>(['image', 'file', 'sticker', 'location', 'link', 'audio', 'video', 'gif']);

/** Events from a person that carry a message (`message.msg_id`, `message.attachments`). */
const MESSAGE_EVENTS = new Set([
  'user_send_text',
  'user_send_image',
  'user_send_link',
  'user_send_sticker',
  'user_send_location',
  'user_send_file',
  'user_send_audio',
  'user_send_video',
  'user_send_gif',
]);

/** A field had the wrong type or a required one was missing: answered 400. */
class MalformedEvent extends Error {}

type Json = Record<string, unknown>;

const ok = (events: InboundEvent[], note?: string): WebhookOutcome => ({ status: 200, body: 'ok', events, note });
const reject = (status: number, body: string, note: string): WebhookOutcome => ({ status, body, events: [], note });

/**
 * The Zalo OA webhook. `handlePost` is pure and never throws: it verifies `X-ZEvent-Signature`
 * on the exact body bytes, then turns the one event of the request into zero or one
 * {@link InboundEvent}. Answers 401 for a missing or wrong signature or another app's event,
 * 400 for a body that is not JSON or has fields of the wrong type, 200 for the console probe
 * and for events we deliberately ignore (deliveries, seen, `oa_send_*`, unknown ones).
 */
export function createZaloWebhook(config: Pick<ZaloConfig, 'appId' | 'oaSecretKey'>): { handlePost(req: WebhookRequest): WebhookOutcome } {
  return {
    handlePost(req: WebhookRequest): WebhookOutcome {
      try {
        return handle(config, req);
      } catch (err) {
        if (err instanceof MalformedEvent) return reject(400, 'malformed event', err.message);
        // A bug in parsing must not become a lost event: 500 makes Zalo deliver it again.
        return reject(500, 'internal error', `unexpected error parsing a Zalo event: ${err instanceof Error ? err.message : String(err)}`);
      }
    },
  };
}

function handle(config: Pick<ZaloConfig, 'appId' | 'oaSecretKey'>, req: WebhookRequest): WebhookOutcome {
  const text = req.rawBody.toString('utf8');
  if (text.trim() === '') return ok([], 'empty body (console probe) acknowledged');
  let body: unknown;
  try {
    body = parseZaloJson(text);
  } catch {
    return reject(400, 'malformed JSON', 'Zalo webhook body is not valid JSON');
  }
  if (!isObject(body)) return reject(400, 'malformed event', 'Zalo webhook body is not a JSON object');
  // Saving the URL or the console test sends an unsigned probe (`{}`): acknowledge it.
  if (body.event_name === undefined) return ok([], 'console probe (no event_name) acknowledged');
  const eventName = str(body.event_name, 'event_name');
  const appId = id(body.app_id, 'app_id');
  const timestamp = id(body.timestamp, 'timestamp');
  if (!/^\d{1,16}$/.test(timestamp)) throw new MalformedEvent(`timestamp "${timestamp}" is not epoch milliseconds`);

  const header = singleHeader(req.headers['x-zevent-signature']);
  if (header === undefined) return reject(401, 'missing signature', `Zalo ${eventName} without X-ZEvent-Signature`);
  if (!isValidZaloSignature(header, appId, req.rawBody, timestamp, config.oaSecretKey)) {
    return reject(
      401,
      'invalid signature',
      `Zalo ${eventName} with a wrong X-ZEvent-Signature: check ZALO_OA_SECRET_KEY (the OA Secret Key, not the app secret)`,
    );
  }
  if (appId !== config.appId) return reject(401, 'unknown app', `Zalo ${eventName} for app_id ${appId}, not ZALO_APP_ID`);

  const event = body;
  const at = Number(timestamp);
  if (MESSAGE_EVENTS.has(eventName)) return ok([parseMessage(event, eventName, timestamp, at)]);
  if (eventName === 'follow' || eventName === 'unfollow') {
    const userId = id(obj(event.follower, 'follower').id, 'follower.id');
    return ok([{ channel: 'zalo', eventId: derivedId(eventName, userId, timestamp), userId, timestamp: at, type: eventName, raw: body }]);
  }
  if (eventName === 'user_submit_info') {
    const userId = id(obj(event.sender, 'sender').id, 'sender.id');
    const submittedInfo = parseInfo(obj(event.info, 'info'));
    return ok([{ channel: 'zalo', eventId: derivedId(eventName, userId, timestamp), userId, timestamp: at, type: 'submit_info', submittedInfo, raw: body }]);
  }
  const adminId = eventName.startsWith('oa_send_') && isObject(event.sender) ? event.sender.admin_id : undefined;
  return ok(
    [],
    adminId === undefined ? `Zalo ${eventName} ignored` : `Zalo ${eventName} ignored (typed by OA admin ${JSON.stringify(adminId)} in the Zalo console)`,
  );
}

function parseMessage(event: Json, eventName: string, timestamp: string, at: number): InboundEvent {
  const userId = id(obj(event.sender, 'sender').id, 'sender.id');
  const message = obj(event.message, 'message');
  const msgId = message.msg_id === undefined ? undefined : id(message.msg_id, 'message.msg_id');
  const text = optStr(message.text, 'message.text');
  const attachments = message.attachments === undefined ? undefined : arr(message.attachments, 'message.attachments').map(parseAttachment);
  const result: InboundEvent = {
    channel: 'zalo',
    // Without msg_id (not seen, but cheap to survive) the documented fallback key is event + user + time.
    eventId: msgId ?? derivedId(eventName, userId, timestamp),
    userId,
    timestamp: at,
    type: 'message',
    raw: event,
  };
  if (text !== undefined) result.text = text;
  if (attachments !== undefined && attachments.length > 0) result.attachments = attachments;
  if (eventName === 'user_send_text' && text !== undefined) {
    // An oa.query.hide button tap arrives as text equal to the payload we sent (marked with '#').
    const payload = fromQueryPayload(text);
    if (payload !== undefined) {
      result.type = 'postback';
      result.payload = payload;
    }
  }
  return result;
}

function parseAttachment(value: unknown, index: number): InboundAttachment {
  const path = `message.attachments[${index}]`;
  const wire = obj(value, path);
  const wireType = str(wire.type, `${path}.type`);
  const payload = wire.payload === undefined ? {} : obj(wire.payload, `${path}.payload`);
  const type = ATTACHMENT_TYPES.has(wireType as InboundAttachment['type']) ? (wireType as InboundAttachment['type']) : 'other';
  const attachment: InboundAttachment = { type };
  const url = optStr(payload.url, `${path}.payload.url`);
  if (url !== undefined) attachment.url = url;
  const name = optStr(payload.name, `${path}.payload.name`);
  if (name !== undefined) attachment.name = name;
  if (type === 'location' && payload.coordinates !== undefined) {
    const coordinates = obj(payload.coordinates, `${path}.payload.coordinates`);
    attachment.latitude = coordinate(coordinates.latitude, `${path}.payload.coordinates.latitude`);
    attachment.longitude = coordinate(coordinates.longitude, `${path}.payload.coordinates.longitude`);
  }
  return attachment;
}

/** Both `info` shapes: the classic flat one and the newer one with `full_address`. */
function parseInfo(info: Json): SubmittedInfo {
  const full = info.full_address === undefined ? {} : obj(info.full_address, 'info.full_address');
  const name = optStr(info.name, 'info.name');
  const phone = optStr(info.phone, 'info.phone');
  const street = optStr(full.user_address, 'info.full_address.user_address') ?? optStr(info.address, 'info.address');
  const ward = optStr(full.user_ward, 'info.full_address.user_ward') ?? optStr(info.ward, 'info.ward');
  const district = optStr(full.user_district, 'info.full_address.user_district') ?? optStr(info.district, 'info.district');
  const city = optStr(full.user_city, 'info.full_address.user_city') ?? optStr(info.city, 'info.city');
  const address = [street, ward, district]
    .map((part) => part?.trim())
    .filter((part) => part !== undefined && part !== '')
    .join(', ');
  const result: SubmittedInfo = {};
  if (name !== undefined && name.trim() !== '') result.name = name.trim();
  if (phone !== undefined && phone.trim() !== '') result.phone = toNationalPhone(phone);
  if (address !== '') result.address = address;
  if (city !== undefined && city.trim() !== '') result.city = city.trim();
  return result;
}

/** Zalo sends `84912345678`; people and staff read and dial `0912345678`. */
function toNationalPhone(phone: string): string {
  const digits = phone.replace(/[\s.+-]/g, '');
  return /^84\d{9,10}$/.test(digits) ? `0${digits.slice(2)}` : phone.trim();
}

/** Stable dedupe key for events without `msg_id`: a redelivery carries the same three parts. */
function derivedId(eventName: string, userId: string, timestamp: string): string {
  return `${eventName}:${userId}:${timestamp}`;
}

function singleHeader(value: string | string[] | undefined): string | undefined {
  if (Array.isArray(value)) return value.length === 1 ? value[0] : undefined;
  return value;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function obj(value: unknown, path: string): Json {
  if (!isObject(value)) throw new MalformedEvent(`${path} must be an object`);
  return value;
}

function arr(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw new MalformedEvent(`${path} must be an array`);
  return value;
}

function str(value: unknown, path: string): string {
  if (typeof value === 'string') return value;
  throw new MalformedEvent(`${path} must be a string`);
}

/** Longest id accepted; Zalo's are 19 digits (people, apps) or 32 hex digits (messages). */
const MAX_ID_LENGTH = 128;

/** An id or timestamp: a string, or an unquoted integer that JSON kept exact (read as its digits). */
function id(value: unknown, path: string): string {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  const text = str(value, path);
  if (text.trim() === '') throw new MalformedEvent(`${path} must not be empty`);
  // It becomes a database key (contact, inbox, leases): an absurd length is refused, not stored.
  if (text.length > MAX_ID_LENGTH) throw new MalformedEvent(`${path} is longer than ${MAX_ID_LENGTH} characters`);
  return text;
}

function optStr(value: unknown, path: string): string | undefined {
  return value === undefined || value === null ? undefined : str(value, path);
}

function coordinate(value: unknown, path: string): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isFinite(n)) throw new MalformedEvent(`${path} must be a number`);
  return n;
}
