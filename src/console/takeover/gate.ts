import type { TurnGate } from '../../bot/runtime.js';
import type { InboundEvent } from '../../channels/types.js';
import type { Contact } from '../../db/models/contact.js';
import { contactKeyOf } from '../../domain/vocabulary.js';
import { TakeoverRecordModel } from '../../db/models/takeover-record.js';
import { listTicketsForContact } from '../../services/tickets/index.js';
import { recordLiveEvent } from '../events/store.js';
import { excerptOf } from '../events/types.js';
import type { WakeOutbox } from '../../outbox/wake.js';
import { handBack, isIdle, type TakeoverState } from './service.js';

export interface ConsoleGateOptions {
  /** A takeover without officer activity for this long is handed back. */
  idleMs: number;
  /** Wakes this process's live feed after an event was recorded. */
  onRecorded: () => void;
  /** The service's outbox wake-up, told of the message that tells the person of a hand-back. */
  wakeOutbox: WakeOutbox;
  now?: () => Date;
}

function textOf(event: InboundEvent): string {
  const parts = [event.text ?? event.payload ?? ''];
  for (const a of event.attachments ?? []) parts.push(`[${a.type}${a.name ? `: ${a.name}` : ''}]`);
  return parts.filter(Boolean).join(' ').trim();
}

function takeoverStateOf(contact: Contact): TakeoverState | undefined {
  const t = contact.takeover;
  if (!t?.staffId || !t.since) return undefined;
  return { staffId: t.staffId, staffName: t.staffName ?? t.staffId, since: t.since, lastActivityAt: t.lastActivityAt ?? t.since };
}

/**
 * The console's gate in front of the bot, for every inbound event:
 * - a conversation taken over by an officer stays with them: the bot is quiet (`handled`)
 *   and the person's message is pushed to the console; a takeover idle past `idleMs` is
 *   handed back first, and the bot answers this message;
 * - a message from a person whose ticket was answered is announced to the ticket's
 *   department (they may be replying to the answer).
 * Events are recorded under keys derived from the platform event id, so a retried turn
 * announces nothing twice.
 */
export function createConsoleGate(options: ConsoleGateOptions): TurnGate {
  const now = options.now ?? (() => new Date());
  return async (event, contact) => {
    const isMessage = event.type === 'message' || event.type === 'postback';
    const contactKey = contactKeyOf(event.channel, event.userId);
    const state = takeoverStateOf(contact);
    if (state) {
      const at = now();
      if (isIdle(state, options.idleMs, at)) {
        await handBack(contactKey, state, 'idle', 'system', options.wakeOutbox, at);
        options.onRecorded();
      } else {
        if (isMessage) {
          const record = await TakeoverRecordModel.findById(contactKey).lean();
          const recorded = await recordLiveEvent(
            `in:${event.channel}:${event.eventId}`,
            {
              type: 'takeover.message',
              contactKey,
              ticketId: record?.ticketId,
              departmentCode: record?.departmentCode,
              staffUsername: state.staffId,
              author: 'person',
              text: excerptOf(textOf(event), 4_000),
              at: new Date(event.timestamp || at.getTime()).toISOString(),
            },
            at,
          );
          if (recorded) options.onRecorded();
        }
        return event.type === 'unfollow' ? 'continue' : 'handled';
      }
    }
    if (isMessage) {
      const answered = (await listTicketsForContact(contactKey, { openOnly: true, limit: 20 }))
        .filter((ticket) => ticket.status === 'answered')
        .sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime())
        .slice(0, 3);
      let recorded = false;
      for (const ticket of answered) {
        const id = ticket.id;
        recorded =
          (await recordLiveEvent(`reply:${event.channel}:${event.eventId}:${id}`, {
            type: 'ticket.reply',
            ticketId: id,
            code: ticket.code,
            departmentCode: ticket.departmentCode,
            excerpt: excerptOf(textOf(event)),
            at: new Date(event.timestamp || Date.now()).toISOString(),
          })) || recorded;
      }
      if (recorded) options.onRecorded();
    }
    return 'continue';
  };
}
