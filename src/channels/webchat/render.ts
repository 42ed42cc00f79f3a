import type { OutboundButton, OutboundMessage } from '../types.js';

/** A line as the web chat stores and shows it: the message, limited to what the page can show safely. */
export interface WebChatLine {
  text: string;
  quickReplies?: { title: string; payload: string }[];
  buttons?: OutboundButton[];
  imageUrl?: string;
}

/** Longest button or quick-reply title the page shows in full. */
const WEBCHAT_TITLE_MAX_CHARS = 80;

function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

function title(value: string): string {
  const clean = value.trim();
  return clean.length > WEBCHAT_TITLE_MAX_CHARS ? `${clean.slice(0, WEBCHAT_TITLE_MAX_CHARS - 1)}…` : clean;
}

/**
 * Turns a channel-neutral message into a web chat line. Links and images keep only http(s)
 * addresses (a `javascript:` link would run in the page); phone buttons keep only dialable
 * characters; anything unsafe is dropped and named in `dropped`. A platform form request
 * (`requestUserInfo`) has no web equivalent and is shown as text.
 */
export function renderWebChatLine(message: OutboundMessage): { line: WebChatLine; dropped: string[] } {
  const dropped: string[] = [];
  let text = message.text ?? '';
  if (message.requestUserInfo) {
    text = [text, message.requestUserInfo.title, message.requestUserInfo.subtitle].filter((part) => part.trim() !== '').join('\n');
  }
  const line: WebChatLine = { text };
  const quickReplies = (message.quickReplies ?? []).filter((q) => q.title.trim() !== '' && q.payload !== '');
  if (quickReplies.length > 0) line.quickReplies = quickReplies.map((q) => ({ title: title(q.title), payload: q.payload }));
  const buttons: OutboundButton[] = [];
  for (const button of message.buttons ?? []) {
    if (button.type === 'url' && !isWebUrl(button.url)) {
      dropped.push(`button "${button.title}": not an http(s) link`);
    } else if (button.type === 'phone' && !/^\+?[0-9 ().-]{3,20}$/.test(button.phone)) {
      dropped.push(`button "${button.title}": not a phone number`);
    } else {
      buttons.push({ ...button, title: title(button.title) });
    }
  }
  if (buttons.length > 0) line.buttons = buttons;
  if (message.imageUrl) {
    if (isWebUrl(message.imageUrl)) line.imageUrl = message.imageUrl;
    else dropped.push('image: not an http(s) address');
  }
  return { line, dropped };
}
