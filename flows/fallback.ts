import type { FlowApp } from './engine/app.js';
import { FlowTurn } from './engine/turn.js';
import { isFirstContact, isGreeting, menuChoices, showMenu, withMenuButton } from './menu.js';
import { answerFreeText } from './search.js';
import { Command } from './shared/payloads.js';

/** True when the text has no letter or digit at all (emoji, punctuation). */
function isOnlySymbols(text: string): boolean {
  return !/[\p{L}\p{N}]/u.test(text);
}

async function answerAnything(turn: FlowTurn): Promise<void> {
  const first = isFirstContact(turn);
  if (turn.submittedInfo) {
    // A form that arrives with no flow waiting is not stored: nobody asked for it for a purpose.
    await showMenu(turn, { intro: turn.t('fallback:form_not_expected') });
    return;
  }
  if (turn.payload !== undefined || (turn.text === '' && turn.attachments.length === 0)) {
    // An old or unknown button (e.g. Messenger's "Get started"): the menu is the way on.
    await showMenu(turn, { greet: first });
    return;
  }
  if (first) await turn.say(turn.t('menu:greeting'));
  if (turn.text === '') {
    const sticker = turn.attachments.every((a) => a.type === 'sticker' || a.type === 'gif');
    await turn.say({
      text: turn.t(sticker ? 'fallback:sticker' : 'fallback:attachment'),
      quickReplies: withMenuButton(turn.language, sticker ? [] : [{ title: turn.t('menu:item.ask'), payload: Command.ask }]),
    });
    return;
  }
  if (isOnlySymbols(turn.text)) {
    await turn.say({ text: turn.t('fallback:symbols'), quickReplies: menuChoices(turn.language) });
    return;
  }
  await answerFreeText(turn, turn.text);
}

/**
 * What no command or flow took: a greeting shows the menu; anything else gets an answer, never
 * silence: stickers and images a friendly word and the way back, emoji the same, free text a
 * search (see {@link answerFreeText}). The first message ever also gets the greeting.
 * Register last: Botkit's `hears` and `on` run in the order they were added.
 */
export function registerFallback(app: FlowApp): void {
  app.controller.hears(
    (message) => Promise.resolve(message.type === 'message' && isGreeting(FlowTurn.ofMessage(app, message).text)),
    'message',
    async (bot, message) => showMenu(FlowTurn.fromBot(app, bot, message), { greet: true }),
  );
  app.controller.on('message', async (bot, message) => answerAnything(FlowTurn.fromBot(app, bot, message)));
}
