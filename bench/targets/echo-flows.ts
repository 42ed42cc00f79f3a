import type { Botkit } from 'botkit';

/** The bot every benchmark runs: one reply per message, quoting it (so a reply can be matched to its message). */
export function echoFlows(controller: Botkit): void {
  controller.on('message', async (bot, message) => {
    await bot.reply(message, `Đã nhận: ${message.text ?? ''}`);
  });
}
