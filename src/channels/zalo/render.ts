import { splitText } from '../split-text.js';
import type { OutboundButton, OutboundMessage } from '../types.js';
import type { ZaloButton, ZaloCsMessage, ZaloCsRequest } from './wire.js';
import { numberedChoices, resolveNumberedReply, type NumberedChoice } from '../numbered-choices.js';

export { resolveNumberedReply, type NumberedChoice };

/** Zalo's limit for one text message, in code points after NFC. */
export const ZALO_TEXT_LIMIT = 2_000;

/**
 * Most buttons we put under one message. Zalo documents no limit for `/cs`; its other templates
 * take five, and a longer list reads better numbered anyway.
 */
const ZALO_MAX_TEMPLATE_BUTTONS = 5;

/** Marks the payloads of our `oa.query.hide` buttons, so a tap is told apart from typed text. */
const ZALO_QUERY_MARK = '#';

export type ZaloButtonMode = 'template' | 'numbered';

export interface ZaloRenderOptions {
  /** `template`: Zalo buttons (numbered text only past {@link ZALO_MAX_TEMPLATE_BUTTONS}); `numbered`: always numbered text. Default `template`. */
  buttons?: ZaloButtonMode;
  /** A line put under a numbered list, e.g. "Nhắn số thứ tự để chọn." Default none. */
  numberedHint?: string;
}

export interface ZaloRendered {
  /** Bodies for `POST /v3.0/oa/message/cs`, in sending order. */
  requests: ZaloCsRequest[];
  /** The number → payload mapping shown to the person; empty when buttons were used. */
  choices: NumberedChoice[];
}

/** The text a query button sends back for `payload`. */
export function toQueryPayload(payload: string): string {
  return `${ZALO_QUERY_MARK}${payload}`;
}

/** The payload of a query-button tap, or undefined when `text` was typed by the person. */
export function fromQueryPayload(text: string): string | undefined {
  return text.startsWith(ZALO_QUERY_MARK) && text.length > ZALO_QUERY_MARK.length ? text.slice(ZALO_QUERY_MARK.length) : undefined;
}

/** Renders channel-neutral messages in Zalo's consultation format and limits. */
export class ZaloRenderer {
  readonly mode: ZaloButtonMode;
  private readonly numberedHint?: string;

  constructor(options: ZaloRenderOptions = {}) {
    this.mode = options.buttons ?? 'template';
    this.numberedHint = options.numberedHint;
  }

  /** True when `message`'s choices are shown as numbered text (so a bare number answers it). */
  usesNumbered(message: OutboundMessage): boolean {
    const count = (message.buttons?.length ?? 0) + (message.quickReplies?.length ?? 0);
    if (count === 0) return false;
    return this.mode === 'numbered' || count > ZALO_MAX_TEMPLATE_BUTTONS;
  }

  /**
   * Turns one message into request bodies: the text split at {@link ZALO_TEXT_LIMIT} (paragraph,
   * then sentence boundary), buttons and quick replies as a button template on the last part
   * or as a numbered list, the image as a media template, then the request-info form.
   */
  render(recipientId: string, message: OutboundMessage): ZaloRendered {
    const numbered = this.usesNumbered(message);
    const choices = numbered ? numberedChoices(message) : [];
    const text = numbered ? this.withNumberedList(message, choices) : message.text;
    const parts: ZaloCsMessage[] = text.trim() === '' ? [] : splitText(text, ZALO_TEXT_LIMIT).map((t) => ({ text: t }));

    const buttons = numbered ? [] : templateButtons(message);
    if (buttons.length > 0) {
      if (parts.length === 0) parts.push({});
      parts[parts.length - 1]!.attachment = { type: 'template', payload: { buttons } };
    }
    if (message.imageUrl !== undefined) {
      const media = {
        type: 'template' as const,
        payload: { template_type: 'media' as const, elements: [{ media_type: 'image' as const, url: message.imageUrl }] },
      };
      const last = parts[parts.length - 1];
      // The image rides with the last text part (as a caption) unless that part carries buttons.
      if (last !== undefined && last.attachment === undefined) last.attachment = media;
      else parts.splice(Math.max(0, parts.length - 1), 0, { attachment: media });
    }
    if (message.requestUserInfo !== undefined) {
      const { title, subtitle, imageUrl } = message.requestUserInfo;
      const element = imageUrl === undefined ? { title, subtitle } : { title, subtitle, image_url: imageUrl };
      parts.push({ attachment: { type: 'template', payload: { template_type: 'request_user_info', elements: [element] } } });
    }
    return { requests: parts.map((m) => ({ recipient: { user_id: recipientId }, message: m })), choices };
  }

  /** Resolves a bare number (or a title) against the last message, when it was shown numbered. */
  resolveReply(text: string, lastMessage: OutboundMessage): string | undefined {
    return this.usesNumbered(lastMessage) ? resolveNumberedReply(text, lastMessage) : undefined;
  }

  private withNumberedList(message: OutboundMessage, choices: NumberedChoice[]): string {
    const lines = choices.map((c) => `${c.number}. ${c.title}`);
    const links = (message.buttons ?? []).flatMap((b) => (b.type === 'url' ? [`${b.title}: ${b.url}`] : b.type === 'phone' ? [`${b.title}: ${b.phone}`] : []));
    const blocks = [message.text.trim(), lines.join('\n'), this.numberedHint ?? '', links.join('\n')].filter((b) => b !== '');
    return blocks.join('\n\n');
  }
}

function templateButtons(message: OutboundMessage): ZaloButton[] {
  const buttons = (message.buttons ?? []).map(toZaloButton);
  const quick = (message.quickReplies ?? []).map((q): ZaloButton => ({ title: q.title, type: 'oa.query.hide', payload: toQueryPayload(q.payload) }));
  return [...buttons, ...quick];
}

function toZaloButton(button: OutboundButton): ZaloButton {
  switch (button.type) {
    case 'postback':
      return { title: button.title, type: 'oa.query.hide', payload: toQueryPayload(button.payload) };
    case 'url':
      return { title: button.title, type: 'oa.open.url', payload: { url: button.url } };
    case 'phone':
      return { title: button.title, type: 'oa.open.phone', payload: { phone_code: toPhoneCode(button.phone) } };
  }
}

/** Zalo dials `84912345678`; we write numbers as people do (`0912 345 678`, `+84 …`). */
function toPhoneCode(phone: string): string {
  const digits = phone.replace(/[^\d]/g, '');
  return digits.startsWith('0') ? `84${digits.slice(1)}` : digits;
}
