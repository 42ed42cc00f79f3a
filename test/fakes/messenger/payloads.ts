import { createHmac, randomBytes } from 'node:crypto';
import type { WebhookRequest } from '../../../src/channels/types.js';
import { signMessengerBody } from '../../../src/channels/messenger/signature.js';
import type { MessagingItem, WebhookAttachment, WebhookBody, WebhookEntry } from '../../../src/channels/messenger/wire.js';

/** Page ID used by the builders unless told otherwise. */
export const FAKE_PAGE_ID = '104000000000001';

export interface ItemOptions {
  /** The person's PSID. */
  psid: string;
  pageId?: string;
  /** Epoch ms; default now. */
  timestamp?: number;
  /** Default: a fresh random `m_…`. */
  mid?: string;
}

function newMid(): string {
  return `m_${randomBytes(12).toString('base64url')}`;
}

function wrapper(o: ItemOptions): Pick<MessagingItem, 'sender' | 'recipient' | 'timestamp'> {
  return { sender: { id: o.psid }, recipient: { id: o.pageId ?? FAKE_PAGE_ID }, timestamp: o.timestamp ?? Date.now() };
}

/** A person typed a text. */
export function buildTextItem(o: ItemOptions & { text: string }): MessagingItem {
  return { ...wrapper(o), message: { mid: o.mid ?? newMid(), text: o.text } };
}

/** A person tapped a quick reply: Messenger sends its title as text and its payload. */
export function buildQuickReplyItem(o: ItemOptions & { title: string; payload: string }): MessagingItem {
  return { ...wrapper(o), message: { mid: o.mid ?? newMid(), text: o.title, quick_reply: { payload: o.payload } } };
}

/** A person tapped a postback button (or Get Started). `withoutMid` mimics Graph before v11.0. */
export function buildPostbackItem(o: ItemOptions & { payload: string; title?: string; withoutMid?: boolean }): MessagingItem {
  const postback: NonNullable<MessagingItem['postback']> = { title: o.title ?? o.payload, payload: o.payload };
  if (!o.withoutMid) postback.mid = o.mid ?? newMid();
  return { ...wrapper(o), postback };
}

/** A person sent attachments (image, audio, video, file, location, fallback link…). */
export function buildAttachmentItem(o: ItemOptions & { attachments: WebhookAttachment[]; text?: string }): MessagingItem {
  const message: NonNullable<MessagingItem['message']> = { mid: o.mid ?? newMid(), attachments: o.attachments };
  if (o.text !== undefined) message.text = o.text;
  return { ...wrapper(o), message };
}

/** The echo of a message the Page sent (sender = Page, recipient = person). */
export function buildEchoItem(o: ItemOptions & { text: string; appId?: number }): MessagingItem {
  const pageId = o.pageId ?? FAKE_PAGE_ID;
  return {
    sender: { id: pageId },
    recipient: { id: o.psid },
    timestamp: o.timestamp ?? Date.now(),
    message: { mid: o.mid ?? newMid(), text: o.text, is_echo: true, app_id: o.appId ?? 1_517_000_000_000_001 },
  };
}

/** Delivery receipt for Page-sent messages. */
export function buildDeliveryItem(o: ItemOptions & { mids: string[] }): MessagingItem {
  const w = wrapper(o);
  return { ...w, delivery: { mids: o.mids, watermark: w.timestamp } };
}

/** The person read everything up to now. */
export function buildReadItem(o: ItemOptions): MessagingItem {
  const w = wrapper(o);
  return { ...w, read: { watermark: w.timestamp } };
}

/**
 * A full webhook body. Each item becomes its own entry (as Meta batches them); items
 * passed under `standby` go to `entry[].standby[]`, as when another app owns the thread.
 */
export function buildWebhookBody(items: MessagingItem[], options: { pageId?: string; standby?: MessagingItem[] } = {}): WebhookBody {
  const pageId = options.pageId ?? FAKE_PAGE_ID;
  const entries: WebhookEntry[] = items.map((item) => ({ id: pageId, time: item.timestamp + 100, messaging: [item] }));
  for (const item of options.standby ?? []) entries.push({ id: pageId, time: item.timestamp + 100, standby: [item] });
  return { object: 'page', entry: entries };
}

/**
 * A webhook request as Meta sends it: the body serialised once, signed with
 * `X-Hub-Signature-256` over those exact bytes. `signature` overrides the header value;
 * `sha1Only` sends only a correct legacy SHA-1 `X-Hub-Signature` instead.
 */
export function buildSignedRequest(body: unknown, appSecret: string, options: { signature?: string; sha1Only?: boolean } = {}): WebhookRequest {
  const rawBody = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8');
  const headers: WebhookRequest['headers'] = { 'content-type': 'application/json' };
  if (options.sha1Only) headers['x-hub-signature'] = `sha1=${createHmac('sha1', appSecret).update(rawBody).digest('hex')}`;
  else headers['x-hub-signature-256'] = options.signature ?? signMessengerBody(rawBody, appSecret);
  return { rawBody, headers, query: {} };
}
