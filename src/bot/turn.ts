import { DialogTurnStatus, type DialogSet } from 'botbuilder-dialogs';
import { TurnContext } from 'botbuilder';
import type { Botkit, BotkitMessage, BotWorker } from 'botkit';
import { isDatabaseUnavailable } from '../db/connect.js';
import type { Contact } from '../db/models/contact.js';
import { flushTurnReplies } from './adapter.js';

/** What a flow finds on every Botkit message besides Botkit's own fields. */
interface TurnExtras {
  /** The person's contact record as it was at the start of the turn. */
  contact: Contact;
  language: Contact['language'];
}

/** A Botkit message in our runtime. */
export type CauNoiMessage = BotkitMessage & TurnExtras & Record<string, unknown>;

export const CONTACT_STATE = 'cauNoiContact';

interface Ware {
  run(bot: BotWorker, message: BotkitMessage, done: (err: Error | null | undefined, bot: BotWorker, message: BotkitMessage) => void): void;
}

/** The parts of Botkit's controller that its own `handleTurn` uses (some are private in its typings). */
interface BotkitInternals {
  middleware: { ingest: Ware; receive: Ware; interpret: Ware };
  dialogSet: DialogSet;
  spawn(config: unknown): Promise<BotWorker>;
  listenForInterrupts(bot: BotWorker, message: BotkitMessage): Promise<unknown>;
  listenForTriggers(bot: BotWorker, message: BotkitMessage): Promise<unknown>;
  trigger(event: string, bot: BotWorker, message: BotkitMessage): Promise<unknown>;
  saveState(bot: BotWorker): Promise<void>;
}

function runWare(ware: Ware, bot: BotWorker, message: BotkitMessage): Promise<[BotWorker, BotkitMessage]> {
  return new Promise((resolve, reject) => {
    ware.run(bot, message, (err, nextBot, nextMessage) => (err ? reject(err) : resolve([nextBot, nextMessage])));
  });
}

/**
 * Runs one Botkit turn: the same steps, in the same order, as Botkit's `handleTurn`
 * (ingest, receive, interrupts, active dialog, interpret, `hears`, events, save state), but
 * with every step awaited in one promise chain. Botkit's own version runs the steps in
 * detached callbacks, so an error in a flow never reached the caller and the turn never
 * settled; here it rejects, and the caller answers the person and logs it.
 */
export async function runBotkitTurn(controller: Botkit, context: TurnContext): Promise<void> {
  const internals = controller as unknown as BotkitInternals;
  const contact = context.turnState.get<Contact | undefined>(CONTACT_STATE);
  const activity = context.activity;
  const message = {
    ...(activity.channelData as object),
    type: activity.type,
    user: activity.from.id,
    text: activity.text,
    channel: activity.conversation.id,
    value: activity.value as unknown,
    reference: TurnContext.getConversationReference(activity),
    context,
    incoming_message: activity,
    contact,
    language: contact?.language ?? 'vi',
  } as unknown as BotkitMessage;
  if (activity.type === 'event' && activity.name) message.type = activity.name;
  context.turnState.set('botkitMessage', message);

  const dialogContext = await internals.dialogSet.createContext(context);
  let bot = await internals.spawn(dialogContext);
  try {
    let current: BotkitMessage = message;
    [bot, current] = await runWare(internals.middleware.ingest, bot, current);
    [bot, current] = await runWare(internals.middleware.receive, bot, current);
    const interrupted = await internals.listenForInterrupts(bot, current);
    if (interrupted === false) {
      const result = await dialogContext.continueDialog();
      if (result && result.status === DialogTurnStatus.empty) {
        const [interpretedBot, interpreted] = await runWare(internals.middleware.interpret, bot, current);
        const heard = await internals.listenForTriggers(interpretedBot, interpreted);
        if (heard === false) await internals.trigger(interpreted.type, interpretedBot, interpreted);
      }
    }
  } catch (err) {
    // What was said before a flow failed still goes, before the apology; not while the database is away (the turn runs again).
    if (!isDatabaseUnavailable(err)) await flushTurnReplies(context);
    throw err;
  }
  // The replies are queued before the dialog state is saved: a crash in between runs the turn
  // again from the earlier state, and the replies' keys keep it from sending them twice.
  await flushTurnReplies(context);
  await internals.saveState(bot);
}
