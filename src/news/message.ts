import type { OutboundMessage } from '../channels/types.js';
import type { Language } from '../domain/vocabulary.js';
import { t } from '../i18n.js';
import type { BroadcastRecord } from './record.js';

/** The outbox key of one person's copy of a news item: the same at the scheduled send and at next contact, so it is queued once. */
export function newsOutboxKey(broadcastId: string, contactKey: string): string {
  return `news:${broadcastId}:${contactKey}`;
}

/** The delivery id of one person's copy (`_id` in `broadcast_deliveries`). */
export function deliveryId(broadcastId: string, contactKey: string): string {
  return `${broadcastId}:${contactKey}`;
}

/** One news item as a message: a header line in the person's language, the title, the text, a link button and the image. */
export function composeNewsMessage(item: Pick<BroadcastRecord, 'title' | 'text' | 'link' | 'imageUrl'>, language: Language): OutboundMessage {
  const message: OutboundMessage = { text: `${t(language, 'news:item_header')}\n${item.title}\n\n${item.text}` };
  if (item.link) message.buttons = [{ type: 'url', title: item.link.title || t(language, 'news:read_more'), url: item.link.url }];
  if (item.imageUrl) message.imageUrl = item.imageUrl;
  return message;
}
