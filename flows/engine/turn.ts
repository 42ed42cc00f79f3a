import type { TurnContext } from 'botbuilder';
import type { DialogContext } from 'botbuilder-dialogs';
import type { BotkitMessage, BotWorker } from 'botkit';
import type { InboundAttachment, InboundEvent, OutboundMessage, SubmittedInfo } from '../../src/channels/types.js';
import type { CauNoiMessage } from '../../src/bot/turn.js';
import type { Contact } from '../../src/db/models/contact.js';
import type { Channel, Language } from '../../src/domain/vocabulary.js';
import { t } from '../../src/i18n.js';
import { setContactLanguage } from '../../src/services/contacts.js';
import type { FlowApp } from './app.js';

const TURN_KEY = Symbol('cauNoiFlowTurn');

/**
 * One inbound turn as a flow sees it: who wrote (contact, channel, language), what they sent
 * (typed text, tapped payload, attachments, a submitted form), and how to answer. One object
 * per turn, shared by every handler of that turn, so a language switch applies to the very
 * next reply.
 */
export class FlowTurn {
  private dialogContext: DialogContext | undefined;

  private constructor(
    readonly app: FlowApp,
    readonly context: TurnContext,
    readonly message: CauNoiMessage,
  ) {}

  /** The turn object of `context` (created on first use). Throws outside an inbound turn. */
  static of(app: FlowApp, context: TurnContext, dialogContext?: DialogContext): FlowTurn {
    let turn = context.turnState.get<FlowTurn | undefined>(TURN_KEY);
    if (!turn) {
      const message = context.turnState.get<CauNoiMessage | undefined>('botkitMessage');
      if (!message) throw new Error('FlowTurn: no inbound message in this turn');
      turn = new FlowTurn(app, context, message);
      context.turnState.set(TURN_KEY, turn);
    }
    if (dialogContext) turn.dialogContext = dialogContext;
    return turn;
  }

  /** The turn of a Botkit trigger's matcher, which sees the message but not the worker. */
  static ofMessage(app: FlowApp, message: BotkitMessage): FlowTurn {
    // Botkit types the message's context as `any`; our turn runner always sets a TurnContext.
    return FlowTurn.of(app, message.context as TurnContext);
  }

  /** The turn of a Botkit handler (`hears`, `on`, `interrupts`). */
  static fromBot(app: FlowApp, bot: BotWorker, message: BotkitMessage): FlowTurn {
    const dialogContext = bot.getConfig('dialogContext') as DialogContext | undefined;
    return FlowTurn.of(app, message.context as TurnContext, dialogContext);
  }

  /** The inbox entry this turn handles: the same on a re-run after a crash, so it keys idempotent writes. */
  get inboxId(): string {
    return String(this.message.inboxId);
  }

  get inbound(): InboundEvent {
    return this.message.inbound as InboundEvent;
  }

  get contact(): Contact {
    return this.message.contact;
  }

  /** `${channel}:${userId}`. */
  get contactKey(): string {
    return this.context.activity.conversation.id;
  }

  get channel(): Channel {
    return this.inbound.channel;
  }

  get language(): Language {
    return this.message.language ?? 'vi';
  }

  /** The payload of a tapped choice (or of a number typed for one); undefined for typed text. */
  get payload(): string | undefined {
    const payload: unknown = this.message.payload;
    return typeof payload === 'string' && payload !== '' ? payload : undefined;
  }

  /** What the person typed, trimmed; empty for a tapped choice or an event without text. */
  get text(): string {
    if (this.payload !== undefined) return '';
    return (this.inbound.text ?? '').trim();
  }

  get attachments(): InboundAttachment[] {
    return this.inbound.attachments ?? [];
  }

  get submittedInfo(): SubmittedInfo | undefined {
    return this.inbound.submittedInfo;
  }

  now(): Date {
    return this.app.clock();
  }

  /** The zone people read dates and times in: the working calendar's. */
  get timeZone(): string {
    return this.app.tickets.calendar.timezone;
  }

  /** A phrase in the person's current language. */
  t(key: string, vars: Record<string, unknown> = {}): string {
    return t(this.language, key, vars);
  }

  /** Remembers the person's language choice; every later reply (this turn included) uses it. */
  async setLanguage(language: Language): Promise<void> {
    await setContactLanguage(this.contactKey, language);
    this.message.language = language;
    this.message.contact = { ...this.message.contact, language };
  }

  /**
   * Sends one message (through the outbox). Typing a choice's number or title next time counts
   * as picking it: the runtime resolves that against the last message sent.
   */
  async say(message: OutboundMessage | string): Promise<void> {
    const out: OutboundMessage = typeof message === 'string' ? { text: message } : message;
    const channelData: Record<string, unknown> = {};
    if (out.quickReplies?.length) channelData.quick_replies = out.quickReplies;
    if (out.buttons?.length) channelData.buttons = out.buttons;
    if (out.imageUrl) channelData.imageUrl = out.imageUrl;
    if (out.requestUserInfo) channelData.requestUserInfo = out.requestUserInfo;
    await this.context.sendActivity({ type: 'message', text: out.text, channelData });
  }

  private requireDialogContext(): DialogContext {
    if (!this.dialogContext) throw new Error('FlowTurn: this handler has no dialog context');
    return this.dialogContext;
  }

  /** True while a flow waits for this person's answer. */
  get hasActiveDialog(): boolean {
    return this.dialogContext?.activeDialog !== undefined;
  }

  /** Leaves any flow in progress and starts `flowId`. */
  async startFlow(flowId: string, options?: object): Promise<void> {
    const dc = this.requireDialogContext();
    await dc.cancelAllDialogs();
    await dc.beginDialog(flowId, options);
  }

  /** Leaves any flow in progress (its answers so far are dropped). */
  async cancelFlows(): Promise<void> {
    await this.dialogContext?.cancelAllDialogs();
  }

  /** Asks the waiting flow's current question again (after an interruption such as a language switch). */
  async repromptFlow(): Promise<void> {
    const dc = this.dialogContext;
    if (dc?.activeDialog) await dc.repromptDialog();
  }
}
