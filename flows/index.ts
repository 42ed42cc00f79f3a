import type { Botkit } from 'botkit';
import type { CauNoiMessage } from '../src/bot/turn.js';
import { t } from '../src/i18n.js';

/** Registers every conversation flow on the controller. */
export function registerFlows(controller: Botkit): void {
  controller.on('message', async (bot, message) => {
    const { language } = message as CauNoiMessage;
    await bot.reply(message, { text: t(language, 'common:apology') });
  });
}
