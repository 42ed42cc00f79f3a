import { BotWorker } from 'botkit';
import type { Activity } from 'botbuilder';

interface BotWorkerInternals {
  _controller: {
    middleware: {
      send: {
        run(bot: BotWorker, activity: Partial<Activity>, done: (err: Error | null | undefined, bot: BotWorker, activity: Partial<Activity>) => void): void;
      };
    };
  };
  ensureMessageFormat(message: Partial<Activity> | string): Partial<Activity>;
  getConfig(key: 'context'): { sendActivity(activity: Partial<Activity>): Promise<unknown> };
}

/** Process-wide on purpose: the patch is of Botkit's class, the same for every service in the process. */
let applied = false;

/**
 * Botkit 4.15's `BotWorker.say` (and so `bot.reply`) sends from inside a detached async
 * callback: when sending fails (the outbox cannot be written while the database is away) its
 * promise never settles, the turn hangs until the inbox worker's turn timeout, and the error
 * surfaces as an unhandled rejection. This replaces it with the same steps (send middleware,
 * then the context's `sendActivity`) in one chain, so the error reaches the turn and it is
 * retried at once. Applied once per process.
 */
export function fixBotWorkerSay(): void {
  if (applied) return;
  applied = true;
  BotWorker.prototype.say = function say(this: BotWorker, message: Partial<Activity> | string): Promise<unknown> {
    const self = this as unknown as BotWorkerInternals;
    return new Promise((resolve, reject) => {
      const activity = self.ensureMessageFormat(message);
      self._controller.middleware.send.run(this, activity, (err, _bot, outgoing) => {
        if (err) {
          reject(err);
          return;
        }
        self.getConfig('context').sendActivity(outgoing).then(resolve, reject);
      });
    });
  } as BotWorker['say'];
}
