import type { OutboundMessage } from '../../channels/types.js';
import { loadWorkingCalendar, type WorkingCalendar } from '../working-days.js';
import type { TicketRecord } from './record.js';
import { loadTimeLimits, type TimeLimits } from './time-limits.js';

/** Builds the message that carries a staff answer to the person. */
export type AnswerComposer = (ticket: TicketRecord, answerText: string) => OutboundMessage;

/** What the ticket services depend on besides the database. */
export interface TicketContext {
  calendar: WorkingCalendar;
  timeLimits: TimeLimits;
  clock: () => Date;
  composeAnswer: AnswerComposer;
  /** Told of every new ticket once it is stored (the console announces it to staff). */
  onCreated?: (ticket: TicketRecord) => Promise<void>;
}

/** Default answer message: the ticket code, then the answer as written. Language-neutral. */
const plainAnswerComposer: AnswerComposer = (ticket, answerText) => ({ text: `${ticket.code}\n\n${answerText}` });

let configured: Partial<TicketContext> = {};
const loaded: { calendar?: WorkingCalendar; timeLimits?: TimeLimits } = {};

/**
 * Sets what the ticket services use: call it once at start with the calendar and time limits
 * (from the console's store or the content files) and the answer composer of the bot's
 * language resources. Anything left out falls back to `content/calendar.json`,
 * `content/time-limits.json`, the system clock and {@link plainAnswerComposer}.
 * Calling it again replaces the given parts, so an edited calendar applies without a restart.
 */
export function configureTickets(context: Partial<TicketContext>): void {
  configured = { ...configured, ...context };
}

/** The current context; the content files are read and validated on first use only. */
export function ticketContext(): TicketContext {
  const calendar = configured.calendar ?? (loaded.calendar ??= loadWorkingCalendar());
  const timeLimits = configured.timeLimits ?? (loaded.timeLimits ??= loadTimeLimits());
  return {
    calendar,
    timeLimits,
    clock: configured.clock ?? (() => new Date()),
    composeAnswer: configured.composeAnswer ?? plainAnswerComposer,
    onCreated: configured.onCreated,
  };
}
