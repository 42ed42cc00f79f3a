import { ChannelSendError } from '../errors.js';
import { splitText } from '../split-text.js';
import type { OutboundButton, OutboundMessage } from '../types.js';
import { SEND_LIMITS, type SendButton, type SendMessage, type SendQuickReply } from './wire.js';

const segmenter = new Intl.Segmenter('vi', { granularity: 'grapheme' });

/** Text of a button template that only carries more buttons (a template needs some text). */
export const MORE_BUTTONS_TEXT = '…';

/**
 * Renders one channel-neutral message as the Send API `message` objects to send, in order:
 * - the image (if any) first, then the text, so the choices end up under the last bubble;
 * - text split below 2,000 characters at paragraph/sentence boundaries;
 * - up to 3 buttons → one button template (its text ≤ 640, split off the text before it);
 *   more than 3 postback buttons → quick replies instead (same payloads come back);
 *   more than 3 buttons with links or phone numbers → further templates of 3 with text "…";
 * - quick replies (at most the first 13) only on the last message;
 * - titles of quick replies and buttons cut to 20 characters at a character boundary, with "…";
 * - `requestUserInfo` has no Messenger form: its title and subtitle become text.
 * Throws a permanent {@link ChannelSendError} when a payload is empty or over 1,000
 * characters (cutting it would change what comes back) or when there is nothing to send.
 */
export function renderMessengerMessage(message: OutboundMessage): SendMessage[] {
  const text = fullText(message);
  let buttons = message.buttons ?? [];
  let choices = message.quickReplies ?? [];
  const postbacks = buttons.filter((b): b is Extract<OutboundButton, { type: 'postback' }> => b.type === 'postback');
  if (buttons.length > SEND_LIMITS.buttonsPerTemplate && postbacks.length === buttons.length) {
    choices = [...postbacks.map((b) => ({ title: b.title, payload: b.payload })), ...choices];
    buttons = [];
  }
  const quickReplies = choices.slice(0, SEND_LIMITS.quickReplies).map(toQuickReply);

  const out: SendMessage[] = [];
  if (message.imageUrl) out.push({ attachment: { type: 'image', payload: { url: message.imageUrl, is_reusable: true } } });
  const parts = text.length > 0 ? splitText(text, SEND_LIMITS.textChars - 1) : [];
  if (buttons.length === 0) {
    for (const part of parts) out.push({ text: part });
  } else {
    // The last part becomes the template's text, which has a lower limit.
    const last = parts.pop() ?? MORE_BUTTONS_TEXT;
    const lastParts = splitText(last, SEND_LIMITS.buttonTemplateTextChars);
    const templateText = lastParts.pop()!;
    for (const part of [...parts, ...lastParts]) out.push({ text: part });
    const sendButtons = buttons.map(toButton);
    for (let i = 0; i < sendButtons.length; i += SEND_LIMITS.buttonsPerTemplate) {
      out.push({
        attachment: {
          type: 'template',
          payload: {
            template_type: 'button',
            text: i === 0 ? templateText : MORE_BUTTONS_TEXT,
            buttons: sendButtons.slice(i, i + SEND_LIMITS.buttonsPerTemplate),
          },
        },
      });
    }
  }
  if (quickReplies.length > 0) {
    if (out.length === 0) out.push({ text: MORE_BUTTONS_TEXT });
    out[out.length - 1]!.quick_replies = quickReplies;
  }
  if (out.length === 0)
    throw new ChannelSendError('messenger', 'empty_message', 'Nothing to send to Messenger: the message has no text, image or buttons', { retryable: false });
  return out;
}

/**
 * Cuts a title to at most `max` UTF-16 units (so also at most `max` characters), never inside
 * a character or a letter with its diacritics, ending with "…" when something was cut.
 */
export function truncateTitle(title: string, max: number): string {
  const text = title.normalize('NFC').trim();
  if (text.length <= max) return text;
  let out = '';
  for (const { segment } of segmenter.segment(text)) {
    if (out.length + segment.length > max - 1) break;
    out += segment;
  }
  return `${out.trimEnd()}…`;
}

function fullText(message: OutboundMessage): string {
  const pieces = [message.text.trim()];
  const info = message.requestUserInfo;
  if (info) pieces.push([info.title.trim(), info.subtitle.trim()].filter(Boolean).join('\n'));
  return pieces.filter(Boolean).join('\n\n');
}

function checkedPayload(payload: string, what: string): string {
  if (payload.length === 0 || payload.length > SEND_LIMITS.payloadChars) {
    throw new ChannelSendError(
      'messenger',
      'payload_invalid',
      `The payload of ${what} must be 1 to ${SEND_LIMITS.payloadChars} characters (got ${payload.length}); shorten it in the flow`,
      { retryable: false },
    );
  }
  return payload;
}

function toQuickReply(choice: { title: string; payload: string }): SendQuickReply {
  const title = truncateTitle(choice.title, SEND_LIMITS.quickReplyTitleChars);
  return { content_type: 'text', title, payload: checkedPayload(choice.payload, `quick reply "${title}"`) };
}

function toButton(button: OutboundButton): SendButton {
  const title = truncateTitle(button.title, SEND_LIMITS.buttonTitleChars);
  switch (button.type) {
    case 'postback':
      return { type: 'postback', title, payload: checkedPayload(button.payload, `button "${title}"`) };
    case 'url':
      return { type: 'web_url', title, url: button.url };
    case 'phone':
      return { type: 'phone_number', title, payload: button.phone };
  }
}
