import type { OutboundMessage } from './types.js';

/** One numbered choice: answering `number` means `payload`. */
export interface NumberedChoice {
  number: number;
  title: string;
  payload: string;
}

/**
 * The choices of a message in the order they are numbered: postback buttons, then quick
 * replies. Deterministic: the same message always gives the same numbers.
 */
export function numberedChoices(message: OutboundMessage): NumberedChoice[] {
  const entries = [
    ...(message.buttons ?? []).flatMap((b) => (b.type === 'postback' ? [{ title: b.title, payload: b.payload }] : [])),
    ...(message.quickReplies ?? []),
  ];
  return entries.map((entry, i) => ({ number: i + 1, title: entry.title, payload: entry.payload }));
}

/**
 * Resolves a person's answer to a numbered list: "2", "2." or the choice's exact title give
 * that choice's payload; anything else gives undefined (the answer is ordinary text).
 */
export function resolveNumberedReply(text: string, lastMessage: OutboundMessage): string | undefined {
  return resolveNumberedChoice(text, numberedChoices(lastMessage));
}

/** {@link resolveNumberedReply} on choices already numbered. */
export function resolveNumberedChoice(text: string, choices: readonly NumberedChoice[]): string | undefined {
  const answer = text.normalize('NFC').trim();
  const number = /^(\d{1,3})\s*[.)]?$/.exec(answer);
  if (number) return choices.find((c) => c.number === Number(number[1]))?.payload;
  const lower = answer.toLocaleLowerCase('vi');
  return choices.find((c) => c.title.normalize('NFC').trim().toLocaleLowerCase('vi') === lower)?.payload;
}
