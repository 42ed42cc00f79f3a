import { LANGUAGES, type Language } from '../src/domain/vocabulary.js';
import type { FlowApp } from './engine/app.js';
import type { CommandRouter } from './engine/router.js';
import type { FlowTurn } from './engine/turn.js';
import { showMenu, withMenuButton } from './menu.js';
import { Command, payload } from './shared/payloads.js';
import { isPhrase } from './shared/words.js';

function isLanguage(value: string): value is Language {
  return (LANGUAGES as readonly string[]).includes(value);
}

async function switchTo(turn: FlowTurn, language: Language, inFlow: boolean): Promise<void> {
  await turn.setLanguage(language);
  if (inFlow) {
    await turn.say(turn.t('language:switched_in_flow'));
  } else {
    await showMenu(turn, { intro: turn.t('language:switched') });
  }
}

async function offerLanguages(turn: FlowTurn): Promise<void> {
  await turn.say({
    text: turn.t('language:choose'),
    quickReplies: withMenuButton(turn.language, [
      { title: turn.t('language:name.vi'), payload: payload(Command.language, 'vi') },
      { title: turn.t('language:name.en'), payload: payload(Command.language, 'en') },
    ]),
  });
}

/**
 * Language: `LANG` offers Vietnamese and English; `LANG:vi` / `LANG:en`, or typing "English" /
 * "Tiếng Việt", switches at any time, even mid-flow (the flow then asks its question again in
 * the new language). The choice is kept on the contact.
 */
export function registerLanguage(_app: FlowApp, router: CommandRouter): void {
  router.payload(
    Command.language,
    async (turn, arg) => {
      if (isLanguage(arg)) await switchTo(turn, arg, turn.hasActiveDialog);
      else await offerLanguages(turn);
    },
    { keepsFlow: isLanguage },
  );
  router.word(
    'english',
    (text) => isPhrase('commands:english', text),
    async (turn) => switchTo(turn, 'en', turn.hasActiveDialog),
    { keepsFlow: true },
  );
  router.word(
    'vietnamese',
    (text) => isPhrase('commands:vietnamese', text),
    async (turn) => switchTo(turn, 'vi', turn.hasActiveDialog),
    { keepsFlow: true },
  );
}
