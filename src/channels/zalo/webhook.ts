import type { z } from 'zod';
import type { ZaloConfig } from '../../config/config.js';
import type { InboundAttachment, InboundEvent, SubmittedInfo, WebhookOutcome, WebhookRequest } from '../types.js';
import { readWire } from '../wire-issues.js';
import { zaloEnvelope, zaloFollowEvent, zaloMessageEvent, zaloSubmitInfoEvent, type ZaloAttachment } from './inbound.js';
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

/** Reads `value` with `schema`, or throws a {@link MalformedEvent} naming every wrong field. */
function read<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = readWire(schema, value);
  if (!result.ok) throw new MalformedEvent(result.problem);
  return result.value;
}

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
  const envelope = read(zaloEnvelope, body);
  const eventName = envelope.event_name ?? '';
  const { app_id: appId, timestamp } = envelope;

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

  const at = Number(timestamp);
  if (MESSAGE_EVENTS.has(eventName)) return ok([parseMessage(body, eventName, timestamp, at)]);
  if (eventName === 'follow' || eventName === 'unfollow') {
    const userId = read(zaloFollowEvent, body).follower.id;
    return ok([{ channel: 'zalo', eventId: derivedId(eventName, userId, timestamp), userId, timestamp: at, type: eventName, raw: body }]);
  }
  if (eventName === 'user_submit_info') {
    const event = read(zaloSubmitInfoEvent, body);
    const userId = event.sender.id;
    return ok([
      {
        channel: 'zalo',
        eventId: derivedId(eventName, userId, timestamp),
        userId,
        timestamp: at,
        type: 'submit_info',
        submittedInfo: parseInfo(event.info),
        raw: body,
      },
    ]);
  }
  const adminId = eventName.startsWith('oa_send_') && isObject(body.sender) ? body.sender.admin_id : undefined;
  return ok(
    [],
    adminId === undefined ? `Zalo ${eventName} ignored` : `Zalo ${eventName} ignored (typed by OA admin ${JSON.stringify(adminId)} in the Zalo console)`,
  );
}

function parseMessage(body: Json, eventName: string, timestamp: string, at: number): InboundEvent {
  const { sender, message } = read(zaloMessageEvent, body);
  const userId = sender.id;
  const text = message.text;
  const attachments = message.attachments?.map(toAttachment);
  const result: InboundEvent = {
    channel: 'zalo',
    // Without msg_id (not seen, but cheap to survive) the documented fallback key is event + user + time.
    eventId: message.msg_id ?? derivedId(eventName, userId, timestamp),
    userId,
    timestamp: at,
    type: 'message',
    raw: body,
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

function toAttachment(wire: ZaloAttachment): InboundAttachment {
  const payload = wire.payload;
  const type = ATTACHMENT_TYPES.has(wire.type as InboundAttachment['type']) ? (wire.type as InboundAttachment['type']) : 'other';
  const attachment: InboundAttachment = { type };
  if (payload?.url !== undefined) attachment.url = payload.url;
  if (payload?.name !== undefined) attachment.name = payload.name;
  if (type === 'location' && payload?.coordinates !== undefined) {
    attachment.latitude = payload.coordinates.latitude;
    attachment.longitude = payload.coordinates.longitude;
  }
  return attachment;
}

/** Both `info` shapes: the classic flat one and the newer one with `full_address`. */
function parseInfo(info: z.output<typeof zaloSubmitInfoEvent>['info']): SubmittedInfo {
  const full = info.full_address;
  const street = full?.user_address ?? info.address;
  const ward = full?.user_ward ?? info.ward;
  const district = full?.user_district ?? info.district;
  const city = full?.user_city ?? info.city;
  const address = [street, ward, district]
    .map((part) => part?.trim())
    .filter((part) => part !== undefined && part !== '')
    .join(', ');
  const result: SubmittedInfo = {};
  if (info.name !== undefined && info.name.trim() !== '') result.name = info.name.trim();
  if (info.phone !== undefined && info.phone.trim() !== '') result.phone = toNationalPhone(info.phone);
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
