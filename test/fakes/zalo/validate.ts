import { ZALO_TEXT_LIMIT } from '../../../src/channels/zalo/render.js';

const BUTTON_TYPES = new Set(['oa.query.hide', 'oa.query.show', 'oa.open.url', 'oa.open.phone', 'oa.open.sms']);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks a `/v3.0/oa/message/cs` body as Zalo would; returns the offending field (Zalo names
 * it in its -201 message) or undefined when the body is acceptable.
 */
export function validateCsRequest(body: unknown): string | undefined {
  if (!isObject(body)) return 'body';
  if (!isObject(body.recipient) || typeof body.recipient.user_id !== 'string' || body.recipient.user_id === '') return 'recipient.user_id';
  const message = body.message;
  if (!isObject(message)) return 'message';
  if (message.text !== undefined) {
    if (typeof message.text !== 'string' || message.text === '') return 'message.text';
    if ([...message.text].length > ZALO_TEXT_LIMIT) return `message.text is longer than ${ZALO_TEXT_LIMIT} characters`;
  }
  if (message.attachment === undefined) return message.text === undefined ? 'message.text' : undefined;
  const attachment = message.attachment;
  if (!isObject(attachment) || attachment.type !== 'template' || !isObject(attachment.payload)) return 'message.attachment';
  const payload = attachment.payload;
  if (payload.template_type === undefined) return validateButtons(payload.buttons);
  if (!Array.isArray(payload.elements) || payload.elements.length === 0) return 'message.attachment.payload.elements';
  if (payload.template_type === 'media') {
    const element: unknown = payload.elements[0];
    if (
      payload.elements.length !== 1 ||
      !isObject(element) ||
      element.media_type !== 'image' ||
      (typeof element.url !== 'string' && typeof element.attachment_id !== 'string')
    ) {
      return 'message.attachment.payload.elements[0]';
    }
    return undefined;
  }
  if (payload.template_type === 'request_user_info') {
    const element: unknown = payload.elements[0];
    if (payload.elements.length !== 1 || !isObject(element) || typeof element.title !== 'string' || typeof element.subtitle !== 'string') {
      return 'message.attachment.payload.elements[0]';
    }
    return undefined;
  }
  return 'message.attachment.payload.template_type';
}

function validateButtons(buttons: unknown): string | undefined {
  if (!Array.isArray(buttons) || buttons.length === 0) return 'message.attachment.payload.buttons';
  for (const [i, button] of buttons.entries()) {
    const path = `message.attachment.payload.buttons[${i}]`;
    if (!isObject(button) || typeof button.title !== 'string' || button.title === '' || typeof button.type !== 'string' || !BUTTON_TYPES.has(button.type))
      return path;
    const p = button.payload;
    const valid = button.type.startsWith('oa.query.')
      ? typeof p === 'string' && p !== ''
      : button.type === 'oa.open.url'
        ? isObject(p) && typeof p.url === 'string' && /^https?:\/\//.test(p.url)
        : button.type === 'oa.open.phone'
          ? isObject(p) && typeof p.phone_code === 'string' && /^\d{8,15}$/.test(p.phone_code)
          : isObject(p) && typeof p.phone_code === 'string';
    if (!valid) return `${path}.payload`;
  }
  return undefined;
}
