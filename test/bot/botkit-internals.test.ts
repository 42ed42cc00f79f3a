import { ActivityTypes, BotAdapter, MemoryStorage, TurnContext, type Activity, type ResourceResponse } from 'botbuilder';
import { Botkit, BotkitConversation, BotWorker } from 'botkit';
import { describe, expect, it } from 'vitest';
import { fixBotWorkerSay } from '../../src/bot/botkit-say.js';
import { runBotkitTurn } from '../../src/bot/turn.js';

// src/bot/turn.ts repeats the steps of Botkit's `handleTurn`, and src/bot/botkit-say.ts those of
// `BotWorker.say`, reaching into members Botkit keeps private. These tests fail when an upgrade of
// botkit, botbuilder or botbuilder-dialogs changes those steps or members: read the new Botkit
// source, bring the two files in line, then adjust the expectations here.

/** Botkit's own `say`, read before the fix replaces it. */
const stockSay = BotWorker.prototype.say.toString();

/** The positions of `steps` in `source`, which must all be there, in that order. */
function expectInOrder(source: string, steps: string[]): void {
  const positions = steps.map((step) => ({ step, at: source.indexOf(step) }));
  for (const { step, at } of positions) expect(at, `${step} is no longer in Botkit's code`).toBeGreaterThanOrEqual(0);
  expect(positions.map((p) => p.step)).toEqual([...positions].sort((a, b) => a.at - b.at).map((p) => p.step));
}

/** A Bot Framework adapter that keeps what the bot sends. */
class RecordingAdapter extends BotAdapter {
  readonly sent: Partial<Activity>[] = [];
  sendActivities(_context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    this.sent.push(...activities);
    return Promise.resolve(activities.map((_, i) => ({ id: String(this.sent.length - activities.length + i) })));
  }
  async updateActivity(): Promise<void> {}
  async deleteActivity(): Promise<void> {}
  async continueConversation(): Promise<void> {}
  run(context: TurnContext, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    return this.runMiddleware(context, logic);
  }
}

async function newController(): Promise<{ controller: Botkit; adapter: RecordingAdapter }> {
  const adapter = new RecordingAdapter();
  const controller = new Botkit({ adapter, storage: new MemoryStorage(), disable_webserver: true, disable_console: true });
  await new Promise<void>((resolve) => controller.ready(() => resolve()));
  return { controller, adapter };
}

function turn(controller: Botkit, adapter: RecordingAdapter, text: string): Promise<void> {
  const context = new TurnContext(adapter, {
    type: ActivityTypes.Message,
    text,
    id: `m-${Math.random()}`,
    channelId: 'terminal',
    from: { id: 'person-1', name: 'person-1' },
    recipient: { id: 'bot', name: 'bot' },
    conversation: { id: 'terminal:person-1', isGroup: false, name: '', conversationType: 'personal' },
    serviceUrl: 'http://localhost',
  });
  return adapter.run(context, (ctx) => runBotkitTurn(controller, ctx));
}

const textsOf = (adapter: RecordingAdapter) => adapter.sent.filter((a) => a.type === 'message').map((a) => a.text);

describe('the Botkit internals src/bot relies on', () => {
  it('when Botkit handles a turn, then it still runs ingest, receive, interrupts, the active dialog, interpret, hears, events and saves state, in that order', async () => {
    const { controller } = await newController();
    expectInOrder(controller.handleTurn.toString(), [
      'dialogSet.createContext',
      'this.spawn(',
      'middleware.ingest.run',
      'middleware.receive.run',
      'listenForInterrupts',
      'continueDialog',
      'DialogTurnStatus.empty',
      'processTriggersAndEvents',
      'saveState',
    ]);
    const internals = controller as unknown as Record<string, unknown> & {
      processTriggersAndEvents: () => void;
      middleware: Record<string, { run?: unknown }>;
    };
    expectInOrder(internals.processTriggersAndEvents.toString(), ['middleware.interpret.run', 'listenForTriggers', 'this.trigger(']);
    for (const member of ['spawn', 'listenForInterrupts', 'listenForTriggers', 'trigger', 'saveState'])
      expect(typeof internals[member], member).toBe('function');
    for (const stage of ['ingest', 'receive', 'interpret', 'send']) expect(typeof internals.middleware[stage]?.run, stage).toBe('function');
    expect(typeof (internals.dialogSet as { createContext?: unknown }).createContext).toBe('function');
  });

  it("when a bot worker says something, then Botkit still runs the send middleware and then the context's sendActivity", () => {
    expectInOrder(stockSay, ['ensureMessageFormat', 'middleware.send.run', "getConfig('context').sendActivity"]);
    for (const member of ['ensureMessageFormat', 'getConfig'])
      expect(typeof (BotWorker.prototype as unknown as Record<string, unknown>)[member], member).toBe('function');
  });

  it('when our turn runner drives a real controller, then interrupts come first, a dialog continues, hears match and replies go out', async () => {
    const { controller, adapter } = await newController();
    const dialog = new BotkitConversation('name-dialog', controller);
    dialog.ask('Tên bạn là gì?', async () => {}, 'name');
    dialog.say('Cảm ơn {{vars.name}}');
    controller.addDialog(dialog);
    controller.interrupts('menu', 'message', async (bot, message) => {
      await bot.reply(message, 'Danh mục');
    });
    controller.hears('bắt đầu', 'message', async (bot) => {
      await bot.beginDialog('name-dialog');
    });
    controller.on('message', async (bot, message) => {
      await bot.reply(message, `Đã nhận: ${message.text}`);
    });

    await turn(controller, adapter, 'xin chào');
    await turn(controller, adapter, 'bắt đầu');
    await turn(controller, adapter, 'Lan');
    await turn(controller, adapter, 'menu');
    expect(textsOf(adapter)).toEqual(['Đã nhận: xin chào', 'Tên bạn là gì?', 'Cảm ơn Lan', 'Danh mục']);
  });

  it('when a flow throws, then the turn rejects with its error instead of hanging', async () => {
    const { controller, adapter } = await newController();
    controller.hears('hỏng', 'message', () => Promise.reject(new Error('flow bug')));
    await expect(turn(controller, adapter, 'hỏng')).rejects.toThrow('flow bug');
  });

  it("when sending fails, then with our fix the flow's reply rejects and so does the turn", async () => {
    fixBotWorkerSay();
    const { controller, adapter } = await newController();
    const send = controller.middleware.send as { use(step: (bot: BotWorker, message: unknown, next: (err?: Error) => void) => void): void };
    send.use((_bot, _message, next) => next(new Error('outbox unavailable')));
    controller.on('message', async (bot, message) => {
      await bot.reply(message, 'không tới được');
    });
    await expect(turn(controller, adapter, 'xin chào')).rejects.toThrow('outbox unavailable');
    expect(adapter.sent).toEqual([]);
  });
});
