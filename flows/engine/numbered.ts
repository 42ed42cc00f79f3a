import type { BotkitMessage, BotWorker } from 'botkit';
import type { FlowApp } from './app.js';
import { FlowTurn } from './turn.js';

type Next = (err?: unknown) => void;

function fold(text: string): string {
  return text.normalize('NFC').trim().toLocaleLowerCase('vi');
}

/**
 * Botkit `receive` middleware: when a person types the number ("2", "2.") or the exact title
 * of a choice offered under the last message, the turn is handled as if they had tapped it.
 * Channels without buttons show choices as a numbered list, so this keeps every flow usable
 * there. Tapped payloads and other text pass unchanged.
 */
export function numberedChoiceMiddleware(app: FlowApp) {
  return (_bot: BotWorker, message: BotkitMessage, next: Next): void => {
    resolveChoice(app, message).then(() => next(), next);
  };
}

async function resolveChoice(app: FlowApp, message: BotkitMessage): Promise<void> {
  if (message.type !== 'message') return;
  const turn = FlowTurn.of(app, message.context);
  if (turn.payload !== undefined || turn.text === '' || turn.text.length > 40) return;
  const choices = await app.lastChoices.get(message.context, []);
  if (!choices || choices.length === 0) return;
  const number = /^(\d{1,2})\s*[.)]?$/.exec(turn.text);
  const wanted = fold(turn.text);
  const choice = number ? choices[Number(number[1]) - 1] : choices.find((c) => fold(c.title) === wanted);
  if (!choice) return;
  message.payload = choice.payload;
  message.text = choice.payload;
}
