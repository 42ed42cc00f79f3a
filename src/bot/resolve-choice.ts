import type { InboundEvent } from '../channels/types.js';
import { resolveNumberedChoice, type NumberedChoice } from '../channels/numbered-choices.js';

/** Longest typed answer that is checked against the last message's choices. */
const MAX_CHOICE_TEXT = 60;

/**
 * When a person types a choice instead of tapping it ("2", or the choice's title) — as they
 * must where a channel shows choices as numbered text — returns the event with that choice's
 * payload, read from the choices of the last message sent to them (kept on their contact).
 * Otherwise returns the event unchanged.
 */
export function resolveTypedChoice(event: InboundEvent, lastChoices: readonly NumberedChoice[] | null | undefined): InboundEvent {
  if (event.type !== 'message' || event.payload || !event.text || event.text.length > MAX_CHOICE_TEXT) return event;
  if (!lastChoices || lastChoices.length === 0) return event;
  const payload = resolveNumberedChoice(event.text, lastChoices);
  return payload ? { ...event, type: 'postback', payload } : event;
}
