import { InputError, NotFoundError } from '../../errors.js';
import { findOutboxRecord } from '../../outbox/records.js';
import { TicketModel } from '../../db/models/ticket.js';
import { log } from '../../log.js';
import { enqueueMessage } from '../../outbox/enqueue.js';
import type { WakeOutbox } from '../../outbox/wake.js';
import { writeAudit, type StaffActor } from '../audit.js';
import { assertCanAccessTicket, assertStaffActor } from './access.js';
import { recordTicketState } from './copies.js';
import type { TicketContext } from './context.js';
import { requireText } from './guards.js';
import { loadTicket } from './read.js';
import { toTicketRecord, type TicketDoc, type TicketRecord } from './record.js';
import { retryOnDuplicateKey } from './retry.js';
import { stateError } from './staff-update.js';

const answerLog = log.child({ module: 'tickets.answer' });

const MAX_ANSWER_LENGTH = 10_000;

/** For callers without an outbox worker of their own (scripts, tests): the worker finds the answer at its next poll. */
const leaveForNextPoll: WakeOutbox = () => {};

/** Outbox key of the n-th answer of a ticket: the same answer is never queued twice. */
export function answerOutboxKey(ticketId: string, n: number): string {
  return `answer:${ticketId}:${n}`;
}

export interface AnswerOptions {
  now?: Date;
  /** The service's outbox wake-up, told once the answer is queued; without it the answer leaves at the outbox worker's next poll. */
  wakeOutbox?: WakeOutbox;
  /**
   * Which answer this is (1 for the first, 2 for a follow-up after a reopen…). The console
   * sends the number it showed with the form, so a double submit or a retry after a timeout is
   * recognised and queues nothing new. Without it, the next number is taken.
   */
  n?: number;
}

export interface AnswerResult {
  ticket: TicketRecord;
  /** Key of the outbox entry carrying the answer; undefined when the person's data was erased. */
  outboxKey?: string;
  /** False when this answer had already been recorded (nothing new was queued). */
  created: boolean;
}

interface QueuedAnswer {
  createdAt: Date;
  message?: { text?: string } | null;
}

/**
 * Writes answer `n` into the ticket. Everything written is derived from the queued message
 * (its time) and the text, and the history line is added with `$addToSet`, so two writers of
 * the same answer (a double submit, or a retry healing a crash after queueing) leave one line.
 */
async function recordAnswer(
  tickets: TicketContext,
  ticket: TicketRecord,
  text: string,
  key: string,
  actor: StaffActor,
  at: Date,
  now: Date,
): Promise<TicketRecord> {
  const doc = await TicketModel.findOneAndUpdate(
    { _id: ticket.id },
    {
      $set: {
        status: 'answered',
        answer: { text, staffId: actor.username, staffName: actor.displayName, at, outboxKey: key },
        firstResponseAt: ticket.firstResponseAt ?? at,
        resolvedAt: at,
        updatedAt: now,
      },
      $addToSet: { history: { at, actor: actor.username, action: 'answered', status: 'answered', note: text } },
    },
    { returnDocument: 'after', timestamps: false },
  ).lean<TicketDoc>();
  if (!doc) throw new NotFoundError('Ticket');
  const updated = toTicketRecord(doc);
  await recordTicketState(updated, tickets.calendar.timezone);
  return updated;
}

/**
 * Records a staff answer and queues it to the person on the channel they used. The ticket
 * becomes `answered`; `firstResponseAt` is set by the first answer and `resolvedAt` by each.
 *
 * Idempotent per answer number `n`: the outbox key is `answer:<ticketId>:<n>` and its unique
 * index decides which submit is the real one, so calling this twice for the same answer (a
 * double submit, a retry after a timeout, two concurrent calls with the same text) queues one
 * message and records one answer (`created: false` for the repeat). A different text for an
 * answer number already queued is refused with a 409 `answer_conflict`, after the ticket shows
 * what was actually sent. A closed ticket must be reopened first. The message is composed by
 * the service's `tickets.composeAnswer`.
 */
export async function answerTicket(tickets: TicketContext, id: string, text: string, actor: StaffActor, options: AnswerOptions = {}): Promise<AnswerResult> {
  assertStaffActor(actor);
  const body = requireText(text, 'answer', { max: MAX_ANSWER_LENGTH });
  if (options.n !== undefined && (!Number.isInteger(options.n) || options.n < 1 || options.n > 1_000)) {
    throw new InputError('answer number must be a whole number from 1');
  }
  const now = options.now ?? tickets.clock();
  const ticket = await loadTicket(id);
  assertCanAccessTicket(actor, ticket);
  const answers = ticket.history.filter((h) => h.action === 'answered');
  const n = options.n ?? answers.length + 1;
  const key = answerOutboxKey(ticket.id, n);
  if (n > answers.length + 1) throw stateError(`The ticket has ${answers.length} answer(s); answer ${n} cannot come next`, 'answer_conflict');

  if (n <= answers.length) {
    if (answers[n - 1]!.note !== body)
      throw stateError(`Answer ${n} was already sent with another text; reload the ticket before answering`, 'answer_conflict');
    return { ticket, outboxKey: ticket.contactKey ? key : undefined, created: false };
  }
  if (ticket.status === 'closed') throw stateError('The ticket is closed; reopen it before answering');

  if (!ticket.contactKey) {
    // The person erased their data: the answer is kept for the record, nothing can be sent.
    const updated = await recordAnswer(tickets, ticket, body, key, actor, now, now);
    await writeAudit(
      { actor, action: 'ticket.answer', targetType: 'ticket', targetId: ticket.id, details: { code: ticket.code, n, delivered: false, length: body.length } },
      now,
    );
    return { ticket: updated, outboxKey: undefined, created: true };
  }

  const message = tickets.composeAnswer(ticket, body);
  // Safe to repeat: the outbox key makes a second enqueue of the same answer a no-op.
  const queued = await retryOnDuplicateKey(() =>
    enqueueMessage(
      { contactKey: ticket.contactKey!, message, purpose: 'staff_answer', key, ticketId: ticket.id, staffId: actor.username },
      options.wakeOutbox ?? leaveForNextPoll,
      now,
    ),
  );
  if (queued.created) {
    const updated = await recordAnswer(tickets, ticket, body, key, actor, now, now);
    await writeAudit(
      { actor, action: 'ticket.answer', targetType: 'ticket', targetId: ticket.id, details: { code: ticket.code, n, outboxKey: key, length: body.length } },
      now,
    );
    answerLog.info({ code: ticket.code, n, outboxKey: key }, 'ticket answered');
    return { ticket: updated, outboxKey: key, created: true };
  }

  // Answer n was queued already: by a concurrent submit, or by an attempt that stopped before
  // recording it. Record what was queued (a no-op when it is recorded) and report the repeat.
  const existing = await findOutboxRecord<QueuedAnswer>(key, { createdAt: 1, message: 1 });
  if (!existing) throw stateError('The answer is being sent by someone else; reload the ticket', 'ticket_changed');
  const sameText = existing.message?.text === message.text;
  const updated = await recordAnswer(tickets, ticket, sameText ? body : (existing.message?.text ?? ''), key, actor, existing.createdAt, now);
  if (!sameText) throw stateError(`Answer ${n} was already sent with another text; reload the ticket before answering`, 'answer_conflict');
  return { ticket: updated, outboxKey: key, created: false };
}
