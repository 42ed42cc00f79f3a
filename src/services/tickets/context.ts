import type { OutboundMessage } from '../../channels/types.js';
import { loadWorkingCalendar, type WorkingCalendar } from '../working-days.js';
import type { TicketRecord } from './record.js';
import { loadTimeLimits, type TimeLimits } from './time-limits.js';

/** Builds the message that carries a staff answer to the person. */
export type AnswerComposer = (ticket: TicketRecord, answerText: string) => OutboundMessage;

/** Told of every new ticket once it is stored (the console announces it to staff). */
export type TicketCreatedListener = (ticket: TicketRecord) => Promise<void>;

/** Default answer message: the ticket code, then the answer as written. Language-neutral. */
const plainAnswerComposer: AnswerComposer = (ticket, answerText) => ({ text: `${ticket.code}\n\n${answerText}` });

export interface TicketContextOptions {
  /** Default: `content/calendar.json`. */
  calendar?: WorkingCalendar;
  /** Default: `content/time-limits.json`. */
  timeLimits?: TimeLimits;
  /** Default: the system clock. */
  clock?: () => Date;
  /** Default: the code, then the answer as written. */
  composeAnswer?: AnswerComposer;
}

/**
 * What the ticket services of one service depend on besides the database: the working
 * calendar, the time limits, the clock, the answer composer and who is told of new tickets.
 * Built once per service and handed to the flows, console, jobs, reports and migrations.
 */
export class TicketContext {
  readonly timeLimits: TimeLimits;
  readonly clock: () => Date;
  readonly composeAnswer: AnswerComposer;
  private current: WorkingCalendar;
  private readonly listeners: TicketCreatedListener[] = [];

  constructor(parts: { calendar: WorkingCalendar; timeLimits: TimeLimits; clock?: () => Date; composeAnswer?: AnswerComposer }) {
    this.current = parts.calendar;
    this.timeLimits = parts.timeLimits;
    this.clock = parts.clock ?? (() => new Date());
    this.composeAnswer = parts.composeAnswer ?? plainAnswerComposer;
  }

  /** The working calendar in force now. */
  get calendar(): WorkingCalendar {
    return this.current;
  }

  /** Replaces the calendar (the console reloads admins' edits), so due dates follow an edit without a restart. */
  useCalendar(calendar: WorkingCalendar): void {
    this.current = calendar;
  }

  /** Adds a listener told of every new ticket, in the order added. */
  onCreated(listener: TicketCreatedListener): void {
    this.listeners.push(listener);
  }

  /** Tells every listener of a new ticket; a listener's failure rejects, as the caller decides. */
  async announceCreated(ticket: TicketRecord): Promise<void> {
    for (const listener of this.listeners) await listener(ticket);
  }
}

/**
 * A context from the given parts, the rest from `content/calendar.json` and
 * `content/time-limits.json` (read and validated here, once), the system clock and the plain
 * answer composer. Throws `ConfigError` when a content file is malformed.
 */
export function createTicketContext(options: TicketContextOptions = {}): TicketContext {
  return new TicketContext({
    calendar: options.calendar ?? loadWorkingCalendar(),
    timeLimits: options.timeLimits ?? loadTimeLimits(),
    clock: options.clock,
    composeAnswer: options.composeAnswer,
  });
}
