import type { BotkitMessage, BotWorker } from 'botkit';
import type { FlowApp } from './app.js';
import { FlowTurn } from './turn.js';

/** Handles a global command; `arg` is what follows `PREFIX:` in a payload (empty for a bare one). */
export type CommandHandler = (turn: FlowTurn, arg: string, info: { leftFlow: boolean }) => Promise<void>;

interface Command {
  name: string;
  /** True when the command answers without leaving the flow in progress (rating, language); may depend on the argument. */
  keepsFlow: (arg: string) => boolean;
  handler: CommandHandler;
}

interface WordCommand extends Command {
  matches(text: string): boolean;
}

function keepsFlowTest(option: boolean | ((arg: string) => boolean) | undefined): (arg: string) => boolean {
  return typeof option === 'function' ? option : () => option === true;
}

/**
 * Commands that work anywhere, even while a flow waits for an answer: tapped payloads such as
 * `MENU`, `TOPIC:<id>`, `RATE:<code>:<score>`, and a few typed words ("menu", "hủy", "English").
 * Registered as one Botkit interrupt, so they are checked before any flow. Most leave the flow
 * in progress; those marked `keepsFlow` answer and then ask the flow's question again.
 */
export class CommandRouter {
  private readonly payloads = new Map<string, Command>();
  private readonly words: WordCommand[] = [];

  /** Handles payload `name` and `name:<arg>`. Names are upper case. */
  payload(name: string, handler: CommandHandler, options: { keepsFlow?: boolean | ((arg: string) => boolean) } = {}): this {
    if (this.payloads.has(name)) throw new Error(`payload ${name} is handled twice`);
    this.payloads.set(name, { name, handler, keepsFlow: keepsFlowTest(options.keepsFlow) });
    return this;
  }

  /** Handles a typed message that `matches` (checked on the whole typed text). */
  word(name: string, matches: (text: string) => boolean, handler: CommandHandler, options: { keepsFlow?: boolean } = {}): this {
    this.words.push({ name, matches, handler, keepsFlow: keepsFlowTest(options.keepsFlow) });
    return this;
  }

  /** True when some route handles this payload. */
  handles(payload: string): boolean {
    return this.find(payload, '') !== undefined;
  }

  private find(payload: string | undefined, text: string): { command: Command; arg: string } | undefined {
    if (payload) {
      const at = payload.indexOf(':');
      const name = at < 0 ? payload : payload.slice(0, at);
      const command = this.payloads.get(name);
      return command ? { command, arg: at < 0 ? '' : payload.slice(at + 1) } : undefined;
    }
    if (text === '') return undefined;
    const word = this.words.find((w) => w.matches(text));
    return word ? { command: word, arg: '' } : undefined;
  }

  /** Registers the router as the controller's first interrupt. */
  register(app: FlowApp): void {
    const match = (message: BotkitMessage): { command: Command; arg: string } | undefined => {
      if (message.type !== 'message') return undefined;
      const turn = FlowTurn.ofMessage(app, message);
      return this.find(turn.payload, turn.text);
    };
    app.controller.interrupts(
      (message: BotkitMessage) => Promise.resolve(match(message) !== undefined),
      'message',
      async (bot: BotWorker, message: BotkitMessage) => {
        const found = match(message)!;
        const turn = FlowTurn.fromBot(app, bot, message);
        const hadFlow = turn.hasActiveDialog;
        if (found.command.keepsFlow(found.arg)) {
          await found.command.handler(turn, found.arg, { leftFlow: false });
          if (hadFlow && turn.hasActiveDialog) await turn.repromptFlow();
        } else {
          await turn.cancelFlows();
          await found.command.handler(turn, found.arg, { leftFlow: hadFlow });
        }
      },
    );
  }
}
