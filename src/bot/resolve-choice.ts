import type { InboundEvent, OutboundMessage } from '../channels/types.js';
import { resolveNumberedReply } from '../channels/numbered-choices.js';
import { OutboxMessageModel } from '../db/models/outbox-message.js';
import { contactKeyOf } from '../db/models/shared.js';

/** Longest typed answer that is checked against the last message's choices. */
const MAX_CHOICE_TEXT = 60;

/**
 * When a person types a choice instead of tapping it ("2", or the choice's title) — as they
 * must where a channel shows choices as numbered text — returns the event with that choice's
 * payload, read from the last message sent to them. Otherwise returns the event unchanged.
 */
export async function resolveTypedChoice(event: InboundEvent): Promise<InboundEvent> {
  if (event.type !== 'message' || event.payload || !event.text || event.text.length > MAX_CHOICE_TEXT) return event;
  const last = await OutboxMessageModel.findOne({ contactKey: contactKeyOf(event.channel, event.userId) }, { message: 1 }).sort({ seq: -1 }).lean();
  if (!last) return event;
  const payload = resolveNumberedReply(event.text, last.message as OutboundMessage);
  return payload ? { ...event, type: 'postback', payload } : event;
}
