import { SEND_LIMITS } from '../../../src/channels/messenger/wire.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const chars = (s: string): number => [...s].length;

const MESSAGING_TYPES = ['RESPONSE', 'UPDATE', 'MESSAGE_TAG', 'UTILITY'];
/** Tags that answer error 100 since 27 April 2026. */
const RETIRED_TAGS = ['CONFIRMED_EVENT_UPDATE', 'ACCOUNT_UPDATE', 'POST_PURCHASE_UPDATE'];
const SENDER_ACTIONS = ['typing_on', 'typing_off', 'mark_seen'];

/**
 * Checks a Send API body the way Graph does, returning the `(#100) …` message for the first
 * problem, or undefined when the body would be accepted.
 */
export function validateSendBody(body: unknown): string | undefined {
  if (!isObj(body)) return '(#100) The request body must be a JSON object';
  if (!isObj(body.recipient) || typeof body.recipient.id !== 'string' || body.recipient.id === '') {
    return '(#100) The parameter recipient is required';
  }
  const hasMessage = body.message !== undefined;
  const hasAction = body.sender_action !== undefined;
  if (hasMessage === hasAction) return '(#100) Must send either message or sender_action';
  if (hasAction) {
    return SENDER_ACTIONS.includes(String(body.sender_action)) ? undefined : '(#100) Param sender_action must be one of {typing_on, typing_off, mark_seen}';
  }
  if (typeof body.messaging_type !== 'string' || !MESSAGING_TYPES.includes(body.messaging_type)) {
    return `(#100) Param messaging_type must be one of {${MESSAGING_TYPES.join(', ')}}`;
  }
  if (body.messaging_type === 'MESSAGE_TAG') {
    if (typeof body.tag !== 'string') return '(#100) Tag is required for MESSAGE_TAG messaging type';
    if (RETIRED_TAGS.includes(body.tag)) return `(#100) The tag ${body.tag} is no longer supported`;
    if (body.tag !== 'HUMAN_AGENT' && body.tag !== 'CUSTOMER_FEEDBACK') return `(#100) Param tag must be a valid message tag`;
  }
  return validateMessage(body.message);
}

function validateMessage(message: unknown): string | undefined {
  if (!isObj(message)) return '(#100) Param message must be a JSON object';
  const hasText = message.text !== undefined;
  const hasAttachment = message.attachment !== undefined;
  if (hasText === hasAttachment) return '(#100) Message must contain either text or attachment';
  if (hasText) {
    if (typeof message.text !== 'string' || message.text.length === 0) return '(#100) Param message[text] must be a non-empty UTF-8 string';
    if (chars(message.text) >= SEND_LIMITS.textChars) return `(#100) Length of param message[text] must be less than ${SEND_LIMITS.textChars}`;
  } else {
    const problem = validateAttachment(message.attachment);
    if (problem) return problem;
  }
  if (message.quick_replies !== undefined) return validateQuickReplies(message.quick_replies);
  return undefined;
}

function validateQuickReplies(list: unknown): string | undefined {
  if (!Array.isArray(list) || list.length === 0) return '(#100) Param message[quick_replies] must be a non-empty array';
  if (list.length > SEND_LIMITS.quickReplies) return `(#100) param message[quick_replies] must have at most ${SEND_LIMITS.quickReplies} items`;
  for (const qr of list) {
    if (!isObj(qr)) return '(#100) Each quick reply must be an object';
    if (qr.content_type === 'user_phone_number' || qr.content_type === 'user_email') continue;
    if (qr.content_type !== 'text') return '(#100) Quick reply content_type must be text, user_phone_number or user_email';
    if (typeof qr.title !== 'string' || qr.title.length === 0) return '(#100) Quick reply title is required';
    if (chars(qr.title) > SEND_LIMITS.quickReplyTitleChars) return `(#100) Quick reply title must be at most ${SEND_LIMITS.quickReplyTitleChars} characters`;
    const problem = validatePayload(qr.payload, 'quick reply');
    if (problem) return problem;
  }
  return undefined;
}

function validatePayload(payload: unknown, what: string): string | undefined {
  if (typeof payload !== 'string' || payload.length === 0) return `(#100) ${what} payload is required`;
  if (chars(payload) > SEND_LIMITS.payloadChars) return `(#100) ${what} payload must be at most ${SEND_LIMITS.payloadChars} characters`;
  return undefined;
}

function validateAttachment(attachment: unknown): string | undefined {
  if (!isObj(attachment) || !isObj(attachment.payload)) return '(#100) Param message[attachment] must have a type and a payload';
  const { type, payload } = attachment;
  if (type === 'image' || type === 'audio' || type === 'video' || type === 'file') {
    return typeof payload.url === 'string' || typeof payload.attachment_id === 'string' ? undefined : '(#100) Attachment payload needs a url or attachment_id';
  }
  if (type !== 'template') return '(#100) Param message[attachment][type] must be one of {image, audio, video, file, template}';
  if (payload.template_type !== 'button') return undefined; // other templates are not used here; accepted as-is
  if (typeof payload.text !== 'string' || payload.text.length === 0) return '(#100) Button template text is required';
  if (chars(payload.text) > SEND_LIMITS.buttonTemplateTextChars)
    return `(#100) Button template text must be at most ${SEND_LIMITS.buttonTemplateTextChars} characters`;
  const buttons = payload.buttons;
  if (!Array.isArray(buttons) || buttons.length < 1 || buttons.length > SEND_LIMITS.buttonsPerTemplate) {
    return `(#100) Button template must have 1 to ${SEND_LIMITS.buttonsPerTemplate} buttons`;
  }
  for (const b of buttons) {
    if (!isObj(b) || typeof b.title !== 'string' || b.title.length === 0) return '(#100) Button title is required';
    if (chars(b.title) > SEND_LIMITS.buttonTitleChars) return `(#100) Button title must be at most ${SEND_LIMITS.buttonTitleChars} characters`;
    if (b.type === 'web_url') {
      if (typeof b.url !== 'string' || !/^https?:\/\//.test(b.url)) return '(#100) web_url button needs an http(s) url';
    } else if (b.type === 'postback' || b.type === 'phone_number') {
      const problem = validatePayload(b.payload, `${b.type} button`);
      if (problem) return problem;
    } else {
      return '(#100) Button type must be web_url, postback or phone_number';
    }
  }
  return undefined;
}
