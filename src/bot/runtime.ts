import { Botkit } from 'botkit';
import type { InboundEvent } from '../channels/types.js';
import { isDatabaseUnavailable } from '../db/connect.js';
import type { Contact } from '../db/models/contact.js';
import { contactKeyOf } from '../domain/vocabulary.js';
import { t } from '../i18n.js';
import { log } from '../log.js';
import { runTurnWithContact, storeTurnReplies, type StoredReplies, type TurnContact } from '../outbox/enqueue.js';
import type { WakeOutbox } from '../outbox/wake.js';
import type { TicketContext } from '../services/tickets/index.js';
import { recordInbound } from '../services/contacts.js';
import { appendTranscriptLines, type NumberedLine } from '../services/transcript.js';
import type { InboxHandler } from '../inbox/worker.js';
import { addStoredReplies, OutboxAdapter } from './adapter.js';
import { fixBotWorkerSay } from './botkit-say.js';
import { deleteConversationState } from '../services/conversation-state.js';
import { ContactDialogStorage, runWithDialogOf } from './storage.js';
import { CONTACT_STATE, runBotkitTurn } from './turn.js';
import { resolveTypedChoice } from './resolve-choice.js';
import type { NumberedChoice } from '../channels/numbered-choices.js';

const botLog = log.child({ module: 'bot' });

/**
 * A check that runs for every inbound event before the bot: `handled` means the bot stays
 * quiet for this event (an officer has taken over the conversation, for example).
 */
/** Botkit's controller, named here so that code outside src/bot and flows/engine need not import Botkit. */
export type BotController = Botkit;

export type TurnGate = (event: InboundEvent, contact: Contact) => Promise<'continue' | 'handled'>;

/** Payload that every flow treats as "show the main menu". */
export const MENU_PAYLOAD = 'MENU';

export interface BotRuntime {
  controller: Botkit;
  adapter: OutboxAdapter;
  /** The inbox worker's handler: contact, gates, then one Botkit turn. */
  handleInbound: InboxHandler;
  /** Adds a gate; gates run in the order they were added. */
  addGate(gate: TurnGate): void;
}

/**
 * Creates the one Botkit controller for all channels, on our outbox adapter and MongoDB
 * dialog storage, and lets `registerFlows` add the conversation flows. What the bot says is
 * queued with `wakeOutbox`, the service's own outbox wake-up. An error inside a flow
 * never crashes the process: the person gets an apology and the menu, their dialog is reset,
 * and the error is logged with context. Only database outages are retried later.
 */
export interface BotRuntimeDeps {
  /** The service's outbox wake-up. */
  wakeOutbox: WakeOutbox;
  /** The service's ticket context: its calendar's zone decides the day a person wrote. */
  tickets: TicketContext;
}

export async function createBotRuntime(registerFlows: (controller: Botkit) => void | Promise<void>, deps: BotRuntimeDeps): Promise<BotRuntime> {
  const { wakeOutbox, tickets } = deps;
  fixBotWorkerSay();
  const adapter = new OutboxAdapter(wakeOutbox);
  const controller = new Botkit({ adapter, storage: new ContactDialogStorage(), disable_webserver: true });
  await new Promise<void>((resolve) => controller.ready(() => resolve()));
  await registerFlows(controller);
  const gates: TurnGate[] = [];

  const handleInbound: InboxHandler = async ({ id, event: received }) => {
    const { contact, line } = await recordInbound(received, new Date(), tickets.calendar.timezone);
    const contactKey = contactKeyOf(received.channel, received.userId);
    // The person's line until a reply carries it into the transcript with its own lines.
    const unwritten = line ? [line] : [];
    const event = resolveTypedChoice(received, contact.lastChoices as NumberedChoice[] | undefined);
    // What the inbox worker needs to send the replies without reading the contact again.
    const known = { lastInboundAt: contact.lastInboundAt ?? null };
    const replies: StoredReplies = { toSend: [], queued: false };
    // No reply carried the person's line (a gate kept the bot quiet, the bot said nothing): it is
    // written alone. Not when the handler throws: the turn runs again and numbers it again.
    const done = async () => {
      await appendTranscriptLines(contactKey, unwritten.splice(0));
      return { contact: known, replies };
    };
    // What the turn's first contact write told of the person; a message a gate queues for them
    // (a news item) is recorded on it, so the replies queue behind it.
    const turnContact: TurnContact | undefined =
      contact.lineCount == null ? undefined : { lineCount: contact.lineCount, queued: Boolean(contact.outboxQueuedAt) };
    const turn = async () => {
      for (const gate of gates) {
        if ((await gate(event, contact)) === 'handled') return done();
      }
      if (event.type === 'unfollow') return done();
      await runBotkitTurnOf(id, event, contact, contactKey, unwritten, replies, turnContact);
      return done();
    };
    return turnContact ? runTurnWithContact(contactKey, turnContact, turn) : turn();
  };

  /** The Botkit turn, with the person's dialog state; a failing flow gets the person an apology and the menu. */
  async function runBotkitTurnOf(
    id: string,
    event: InboundEvent,
    contact: Contact,
    contactKey: string,
    unwritten: NumberedLine[],
    replies: StoredReplies,
    turnContact: TurnContact | undefined,
  ): Promise<void> {
    try {
      await runWithDialogOf(contactKey, contact.dialog ?? undefined, () =>
        adapter.processEvent(
          id,
          event,
          async (context) => {
            context.turnState.set(CONTACT_STATE, contact);
            await runBotkitTurn(controller, context);
          },
          unwritten,
          replies,
          turnContact,
        ),
      );
    } catch (err) {
      if (isDatabaseUnavailable(err)) throw err;
      botLog.error({ err, inboxId: id, contactKey, eventType: event.type }, 'a flow failed; the person gets an apology and the menu');
      await deleteConversationState(contactKey);
      const language = contact.language ?? 'vi';
      const apology = { text: t(language, 'common:apology'), quickReplies: [{ title: t(language, 'common:menu_button'), payload: MENU_PAYLOAD }] };
      const stored = await storeTurnReplies(
        [{ contactKey, purpose: 'reply', key: `in:${id}#apology`, message: apology }],
        wakeOutbox,
        new Date(),
        unwritten.splice(0),
      );
      addStoredReplies(replies, stored);
    }
  }

  return { controller, adapter, handleInbound, addGate: (gate) => gates.push(gate) };
}
