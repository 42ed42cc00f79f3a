import { randomBytes } from 'node:crypto';
import { zaloMac } from '../../../src/channels/zalo/signature.js';
import type { ZaloWebhookEvent } from '../../../src/channels/zalo/wire.js';

/** Ids in the shape Zalo uses (19-digit strings), for tests, benchmarks and the offline demo. */
export const FAKE_ZALO_APP_ID = '3608465248940903967';
const FAKE_ZALO_OA_ID = '3886132808798806452';
export const FAKE_ZALO_OA_SECRET_KEY = 'fake-oa-secret-key-Xq3Lm9';

export interface FakeEventBase {
  /** The person's OA-scoped id (`sender.id`). */
  userId: string;
  appId?: string;
  oaId?: string;
  /** Epoch ms; default now. */
  timestamp?: number | string;
  /** Default: 20 random hex digits, like Zalo's. */
  msgId?: string;
}

/** A Zalo-like message id: 20 lowercase hex digits. */
export function fakeZaloMsgId(): string {
  return randomBytes(10).toString('hex');
}

function envelope(eventName: string, o: FakeEventBase): ZaloWebhookEvent {
  return {
    app_id: o.appId ?? FAKE_ZALO_APP_ID,
    user_id_by_app: `55${o.userId.slice(2)}`,
    event_name: eventName,
    timestamp: String(o.timestamp ?? Date.now()),
    sender: { id: o.userId },
    recipient: { id: o.oaId ?? FAKE_ZALO_OA_ID },
  };
}

function userMessage(eventName: string, o: FakeEventBase, message: Omit<NonNullable<ZaloWebhookEvent['message']>, 'msg_id'>): ZaloWebhookEvent {
  return { ...envelope(eventName, o), message: { msg_id: o.msgId ?? fakeZaloMsgId(), ...message } };
}

/** `user_send_text`; a tap on our query button is text equal to the button payload. */
export function zaloTextEvent(o: FakeEventBase & { text: string }): ZaloWebhookEvent {
  return userMessage('user_send_text', o, { text: o.text });
}

export function zaloImageEvent(o: FakeEventBase & { url: string; thumbnail?: string; text?: string }): ZaloWebhookEvent {
  return userMessage('user_send_image', o, { text: o.text, attachments: [{ type: 'image', payload: { url: o.url, thumbnail: o.thumbnail ?? o.url } }] });
}

export function zaloLinkEvent(o: FakeEventBase & { url: string; text?: string; description?: string }): ZaloWebhookEvent {
  return userMessage('user_send_link', o, {
    text: o.text,
    attachments: [{ type: 'link', payload: { url: o.url, thumbnail: `${o.url}/thumb.jpg`, description: o.description ?? '' } }],
  });
}

export function zaloStickerEvent(o: FakeEventBase & { stickerId: string; url: string }): ZaloWebhookEvent {
  return userMessage('user_send_sticker', o, { attachments: [{ type: 'sticker', payload: { id: o.stickerId, url: o.url } }] });
}

/** Coordinates come as strings on the wire. */
export function zaloLocationEvent(o: FakeEventBase & { latitude: string; longitude: string; text?: string }): ZaloWebhookEvent {
  return userMessage('user_send_location', o, {
    text: o.text,
    attachments: [{ type: 'location', payload: { coordinates: { latitude: o.latitude, longitude: o.longitude } } }],
  });
}

export function zaloFileEvent(o: FakeEventBase & { url: string; name: string; size?: string; fileType?: string }): ZaloWebhookEvent {
  return userMessage('user_send_file', o, {
    attachments: [
      { type: 'file', payload: { url: o.url, name: o.name, size: o.size ?? '20480', type: o.fileType ?? 'pdf', checksum: randomBytes(16).toString('hex') } },
    ],
  });
}

/** `user_send_audio`, `user_send_video` or `user_send_gif`. */
export function zaloMediaEvent(kind: 'audio' | 'video' | 'gif', o: FakeEventBase & { url: string; thumbnail?: string }): ZaloWebhookEvent {
  return userMessage(`user_send_${kind}`, o, { attachments: [{ type: kind, payload: { url: o.url, thumbnail: o.thumbnail } }] });
}

/** `follow` / `unfollow`: `follower` and `oa_id` instead of `sender` and `recipient`, no msg_id. */
export function zaloFollowEvent(o: Omit<FakeEventBase, 'msgId'> & { unfollow?: boolean }): ZaloWebhookEvent {
  return {
    app_id: o.appId ?? FAKE_ZALO_APP_ID,
    oa_id: o.oaId ?? FAKE_ZALO_OA_ID,
    user_id_by_app: `55${o.userId.slice(2)}`,
    event_name: o.unfollow ? 'unfollow' : 'follow',
    follower: { id: o.userId },
    source: 'oa_profile',
    timestamp: String(o.timestamp ?? Date.now()),
  };
}

export interface FakeSubmittedInfo {
  name: string;
  /** As Zalo sends it: `84…`. */
  phone: string;
  address: string;
  ward: string;
  district: string;
  city: string;
}

/** `user_submit_info` in the classic flat shape or the newer one with `full_address`. */
export function zaloSubmitInfoEvent(o: Omit<FakeEventBase, 'msgId'> & { info: FakeSubmittedInfo; shape?: 'classic' | 'full' }): ZaloWebhookEvent {
  const { info } = o;
  const base = envelope('user_submit_info', o);
  if (o.shape === 'full') {
    return {
      ...base,
      info: {
        name: info.name,
        phone: info.phone,
        user_dob: '01/01/1990',
        gender: '1',
        full_address: { user_city: info.city, user_ward: info.ward, user_address: info.address, user_district: info.district },
      },
    };
  }
  return { ...base, info: { name: info.name, phone: info.phone, address: info.address, ward: info.ward, district: info.district, city: info.city } };
}

/** A delivery (`user_received_message`) or read (`user_seen_message`) receipt: OA → person. */
export function zaloReceiptEvent(kind: 'received' | 'seen', o: FakeEventBase & { messageIds: string[] }): ZaloWebhookEvent {
  const base = envelope(kind === 'received' ? 'user_received_message' : 'user_seen_message', o);
  const swapped = { ...base, sender: { id: o.oaId ?? FAKE_ZALO_OA_ID }, recipient: { id: o.userId } };
  return kind === 'received' ? { ...swapped, message: { msg_id: o.messageIds[0] } } : { ...swapped, message: { msg_ids: o.messageIds } };
}

/** `oa_send_text` echo; `adminId` when staff typed it in Zalo's OA console. */
export function zaloOaSendTextEvent(o: FakeEventBase & { text: string; adminId?: string }): ZaloWebhookEvent {
  const base = envelope('oa_send_text', o);
  const sender = o.adminId === undefined ? { id: o.oaId ?? FAKE_ZALO_OA_ID } : { id: o.oaId ?? FAKE_ZALO_OA_ID, admin_id: o.adminId };
  return { ...base, sender, recipient: { id: o.userId }, message: { msg_id: o.msgId ?? fakeZaloMsgId(), text: o.text } };
}

/** The `X-ZEvent-Signature` header value Zalo would send for these bytes: `mac=<sha256 hex>`. */
export function signZaloBody(rawBody: Buffer | string, appId: string, timestamp: string, oaSecretKey: string): string {
  return `mac=${zaloMac(appId, Buffer.isBuffer(rawBody) ? rawBody : Buffer.from(rawBody, 'utf8'), timestamp, oaSecretKey)}`;
}

/** Serialises and signs an event as Zalo does: the exact bytes and the headers to send them with. */
export function signedZaloRequest(
  event: ZaloWebhookEvent,
  oaSecretKey: string = FAKE_ZALO_OA_SECRET_KEY,
): { rawBody: Buffer; headers: Record<string, string> } {
  const rawBody = Buffer.from(JSON.stringify(event), 'utf8');
  return { rawBody, headers: { 'content-type': 'application/json', 'x-zevent-signature': signZaloBody(rawBody, event.app_id, event.timestamp, oaSecretKey) } };
}

/** Delivers a signed event to a running webhook over HTTP, as Zalo would; returns the status and body. */
export async function postZaloEvent(
  webhookUrl: string,
  event: ZaloWebhookEvent,
  oaSecretKey: string = FAKE_ZALO_OA_SECRET_KEY,
): Promise<{ status: number; body: string }> {
  const { rawBody, headers } = signedZaloRequest(event, oaSecretKey);
  const res = await fetch(webhookUrl, { method: 'POST', headers, body: new Uint8Array(rawBody), signal: AbortSignal.timeout(10_000) });
  return { status: res.status, body: await res.text() };
}
