import type { OutboundMessage } from '../src/channels/types.js';
import type { Language } from '../src/domain/vocabulary.js';
import { t } from '../src/i18n.js';
import type { Choice, FlowApp } from './engine/app.js';
import type { CommandRouter } from './engine/router.js';
import { FlowTurn } from './engine/turn.js';
import { Command } from './shared/payloads.js';
import { isPhrase } from './shared/words.js';

/** The main menu's items, in order. Titles stay within 20 characters (Messenger's limit). */
export function menuChoices(language: Language): Choice[] {
  return [
    { title: t(language, 'menu:item.topics'), payload: Command.topics },
    { title: t(language, 'menu:item.ask'), payload: Command.ask },
    { title: t(language, 'menu:item.track'), payload: Command.track },
    { title: t(language, 'menu:item.complaints'), payload: Command.complaints },
    { title: t(language, 'menu:item.events'), payload: Command.events },
    { title: t(language, 'menu:item.news'), payload: Command.news },
    { title: t(language, 'menu:item.language'), payload: Command.language },
    { title: t(language, 'menu:item.my_data'), payload: Command.myData },
  ];
}

/** The "main menu" choice that ends every screen. */
export function menuButton(language: Language): Choice {
  return { title: t(language, 'common:menu_button'), payload: Command.menu };
}

/** `choices` followed by the main-menu choice. */
export function withMenuButton(language: Language, choices: Choice[] = []): Choice[] {
  return [...choices, menuButton(language)];
}

/** The main menu as one message, with `text` above it (the usual prompt when absent). */
function menuMessage(language: Language, text?: string): OutboundMessage {
  return { text: text ?? t(language, 'menu:prompt'), quickReplies: menuChoices(language) };
}

/** Shows the main menu, after a greeting when `greet` is set. */
export async function showMenu(turn: FlowTurn, options: { greet?: boolean; intro?: string } = {}): Promise<void> {
  if (options.greet) await turn.say(turn.t('menu:greeting'));
  await turn.say(menuMessage(turn.language, options.intro));
}

/** Ends a task: its last message carries the main menu, so the next step is one tap away. */
export async function finish(turn: FlowTurn, text: string): Promise<void> {
  await turn.say({ text: `${text}\n\n${turn.t('menu:after_task')}`, quickReplies: menuChoices(turn.language) });
}

/**
 * True on the person's first message ever (or since their data was erased): their contact
 * counts only the message just received.
 */
export function isFirstContact(turn: FlowTurn): boolean {
  return (turn.contact.inboundCount ?? 0) <= 1;
}

/** True when the typed text is only a greeting ("xin chào", "hi"). */
export function isGreeting(text: string): boolean {
  return isPhrase('commands:greetings', text);
}

/** Menu commands: the MENU payload, and typed "menu", "hủy", "cancel", "bắt đầu" anywhere. */
export function registerMenu(app: FlowApp, router: CommandRouter): void {
  const menu = async (turn: FlowTurn, _arg: string, { leftFlow }: { leftFlow: boolean }) => {
    await showMenu(turn, { intro: leftFlow ? turn.t('menu:left_flow') : undefined });
  };
  router.payload(Command.menu, menu);
  router.word('menu-words', (text) => isPhrase('commands:menu', text), menu);
  app.controller.on('follow', async (bot, message) => {
    await showMenu(FlowTurn.fromBot(app, bot, message), { greet: true });
  });
}
