import { randomUUID } from 'node:crypto';
import { BotAdapter, TurnContext, type Activity, type ConversationReference, type ResourceResponse } from 'botbuilder';
import type { SendPurpose } from '../channels/types.js';
import { enqueueMessage, storeTurnReplies, type EnqueueInput, type StoredReplies, type TurnContact } from '../outbox/enqueue.js';
import type { WakeOutbox } from '../outbox/wake.js';
import type { NumberedLine } from '../services/transcript.js';
import { toActivity, toOutboundMessage } from './activity.js';
import type { InboundEvent } from '../channels/types.js';

/** Turn-state keys our adapter sets. */
const SEND_COUNT = Symbol('sendCount');
const SEND_KEY_BASE = Symbol('sendKeyBase');
const SEND_PURPOSE = Symbol('sendPurpose');
const TURN_REPLIES = Symbol('turnReplies');

/** An inbound turn's replies, stored together at the end of the turn. */
interface TurnReplies {
  inputs: EnqueueInput[];
  /** Lines numbered before the turn and not yet written (the person's message): written with the replies' lines. */
  carriedLines: NumberedLine[];
  /** What the stored replies became, for the inbox worker to send. */
  stored: StoredReplies;
  /** What the turn's first contact write told of the person, when it told it. */
  contact: TurnContact | undefined;
  /** The service's outbox wake-up (replies that must queue behind others are queued for the worker). */
  wake: WakeOutbox;
}

/** Adds what a later store of the turn's replies became to what the earlier ones did, in order. */
export function addStoredReplies(into: StoredReplies, more: StoredReplies): void {
  into.toSend.push(...more.toSend);
  into.queued ||= more.queued;
}

export type TurnLogic = (context: TurnContext) => Promise<void>;

/**
 * Botkit runs behind our webhooks through this adapter. Inbound: the inbox worker calls
 * {@link processEvent} for each stored event. Outbound: everything the bot says is stored
 * durably (a turn's replies for the inbox worker to send right after the turn, anything else in
 * the outbox), keyed by the inbound event and the line's position in the turn, so a turn that
 * is run again after a crash does not send its replies twice.
 */
export class OutboxAdapter extends BotAdapter {
  /** @param wakeOutbox this service's outbox wake-up, told of each message queued. */
  constructor(private readonly wakeOutbox: WakeOutbox) {
    super();
  }

  /**
   * Runs one turn for a stored inbound event. Rejects if the turn fails. What the bot says is
   * stored when {@link flushTurnReplies} is called (the turn runner does, before it saves the
   * dialog state), all at once, and added to `stored` (also when the turn fails after it);
   * `carriedLines` are taken from the array and written with the replies' transcript lines;
   * `contact` spares storing the replies a second read of the person's contact.
   */
  async processEvent(
    inboxId: string,
    event: InboundEvent,
    logic: TurnLogic,
    carriedLines: NumberedLine[],
    stored: StoredReplies,
    contact?: TurnContact,
  ): Promise<void> {
    const context = new TurnContext(this, toActivity(inboxId, event));
    context.turnState.set(SEND_KEY_BASE, `in:${inboxId}`);
    context.turnState.set(SEND_PURPOSE, 'reply');
    const replies: TurnReplies = { inputs: [], carriedLines, stored, wake: this.wakeOutbox, contact };
    context.turnState.set(TURN_REPLIES, replies);
    await this.runMiddleware(context, logic);
  }

  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    const contactKey = context.activity.conversation?.id;
    if (!contactKey) throw new Error('sendActivities: the activity has no conversation id');
    const base = context.turnState.get<string | undefined>(SEND_KEY_BASE) ?? `proactive:${randomUUID()}`;
    const purpose = context.turnState.get<SendPurpose | undefined>(SEND_PURPOSE) ?? 'notice';
    for (const activity of activities) {
      if (activity.type === 'delay') {
        // Pauses make no sense once messages go through a queue: the outbox keeps order.
        responses.push({ id: '' });
        continue;
      }
      if (activity.type !== 'message') {
        responses.push({ id: '' });
        continue;
      }
      const n = (context.turnState.get<number | undefined>(SEND_COUNT) ?? 0) + 1;
      context.turnState.set(SEND_COUNT, n);
      const input: EnqueueInput = { contactKey, message: toOutboundMessage(activity), purpose, key: `${base}#${n}` };
      const replies = context.turnState.get<TurnReplies | undefined>(TURN_REPLIES);
      if (replies) {
        // The inbox worker sends a turn's replies itself, right after the turn.
        replies.inputs.push(input);
        responses.push({ id: input.key! });
        continue;
      }
      const { key } = await enqueueMessage(input, this.wakeOutbox);
      responses.push({ id: key });
    }
    return responses;
  }

  async updateActivity(): Promise<void> {
    // No channel we serve lets a bot edit a sent message.
  }

  async deleteActivity(): Promise<void> {
    // No channel we serve lets a bot delete a sent message.
  }

  /**
   * Runs `logic` in a proactive turn for `reference` (a staff answer, a reminder). Messages
   * said in it are keyed by `keyBase` when given, so a retried job does not send them twice.
   */
  async continueConversation(reference: Partial<ConversationReference>, logic: TurnLogic, keyBase?: string, purpose: SendPurpose = 'notice'): Promise<void> {
    const activity = TurnContext.applyConversationReference({ type: 'event', name: 'continueConversation' }, reference, true);
    const context = new TurnContext(this, activity);
    context.turnState.set(SEND_KEY_BASE, keyBase ?? `proactive:${randomUUID()}`);
    context.turnState.set(SEND_PURPOSE, purpose);
    await this.runMiddleware(context, logic);
  }
}

/**
 * Stores what the bot said so far in an inbound turn, with one write per collection, and the
 * carried transcript lines with the replies' lines. Nothing to do in other turns.
 */
export async function flushTurnReplies(context: TurnContext): Promise<void> {
  const replies = context.turnState.get<TurnReplies | undefined>(TURN_REPLIES);
  if (!replies || replies.inputs.length === 0) return;
  const inputs = replies.inputs.splice(0);
  addStoredReplies(replies.stored, await storeTurnReplies(inputs, replies.wake, new Date(), replies.carriedLines.splice(0), replies.contact));
}
