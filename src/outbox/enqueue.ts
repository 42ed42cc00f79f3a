import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { insertAll, updateOneWithOthers } from '../db/batched-writes.js';
import { ContactModel } from '../db/models/contact.js';
import { OutboxMessageModel, OutboxRecordModel } from '../db/models/outbox-message.js';
import { numberedChoices } from '../channels/numbered-choices.js';
import { appendTranscriptLines, type NumberedLine, type TranscriptLineInput } from '../services/transcript.js';
import { parseContactKey, type Channel } from '../domain/vocabulary.js';
import type { OutboundMessage, SendPurpose } from '../channels/types.js';
import type { WakeOutbox } from './wake.js';

export interface EnqueueInput {
  /** `${channel}:${userId}` of the person. */
  contactKey: string;
  message: OutboundMessage;
  purpose: SendPurpose;
  /**
   * Idempotency key. The same key is stored once: enqueueing it again returns the existing
   * entry. Replies use `${inboxEventId}#${n}`; omit it for one-off messages.
   */
  key?: string;
  ticketId?: string;
  broadcastId?: string;
  /** Staff member who wrote it (for the transcript), when `purpose` is a staff one. */
  staffId?: string;
}

export interface EnqueueResult {
  key: string;
  /** False when an entry with this key already existed (nothing new was queued). */
  created: boolean;
}

/** One try to send a message, as its record keeps it. */
export interface SendAttempt {
  at: Date;
  ok: boolean;
  code?: string;
  error?: string;
  platformMessageId?: string;
}

/** A message as its record stores it; a queue entry holds the same fields and when to try next. */
export interface StoredMessage {
  _id: string;
  key: string;
  contactKey: string;
  channel: Channel;
  recipientId: string;
  message: OutboundMessage;
  purpose: SendPurpose;
  seq: number;
  createdAt: Date;
  attempts: SendAttempt[];
  ticketId?: string;
  broadcastId?: string;
}

/**
 * What a turn's first write of the person's contact told of it (the write returns the contact
 * it replaced), so storing the turn's replies needs no second read of the contact.
 */
export interface TurnContact {
  /** The number of the person's latest transcript line: the replies' lines come after it. Counted up as replies are stored. */
  lineCount: number;
  /** Messages waited in the person's outbox queue when the turn began: the replies queue behind them. */
  queued: boolean;
}

/** The person whose turn is running in this async context, and what the turn knows of their contact. */
const runningTurn = new AsyncLocalStorage<{ contactKey: string; contact: TurnContact }>();

/**
 * Runs a person's turn (its gates and its Botkit turn) with `contact`, what the turn's first
 * contact write told of them: a message queued for the person from within the turn (a news
 * item a gate delivers) is recorded on it, so the turn's replies queue behind that message and
 * are numbered after its line.
 */
export function runTurnWithContact<T>(contactKey: string, contact: TurnContact, turn: () => Promise<T>): Promise<T> {
  return runningTurn.run({ contactKey, contact }, turn);
}

/** A message was queued for the person, with `lineCount` their count after it: the running turn of theirs, if any, learns it. */
function queuedDuringTurn(contactKey: string, lineCount: number | null | undefined): void {
  const running = runningTurn.getStore();
  if (running?.contactKey !== contactKey) return;
  running.contact.queued = true;
  if (lineCount != null) running.contact.lineCount = Math.max(running.contact.lineCount, lineCount);
}

/** What became of a turn's replies once stored: to be sent at once by the caller, or queued in the outbox. */
export interface StoredReplies {
  /** Stored with a pending record and no queue entry, in order: the caller sends them (see `OutboxDelivery.sendReplies`). */
  toSend: StoredMessage[];
  /** Some were queued instead, behind messages already waiting for the person: the person's queue is to be served. */
  queued: boolean;
}

/** Process-wide on purpose: one clock-based counter keeps every service's messages in creation order. */
let lastSeq = 0;
/**
 * Creation order for the outbox: microseconds since the epoch, strictly increasing in this
 * process. Turns for one person never run in two places at once, so this orders each
 * person's messages without a shared counter (and without a database round trip).
 */
function nextSeq(now: Date): number {
  lastSeq = Math.max(lastSeq + 1, now.getTime() * 1000);
  return lastSeq;
}

interface Prepared {
  input: EnqueueInput;
  fields: StoredMessage;
}

/**
 * Writes the records of messages for one person, in order, with one insert. A key stored
 * before (a turn run again) is refused by its record's unique `_id`: those come back in `before`.
 */
async function storeRecords(inputs: readonly EnqueueInput[], now: Date): Promise<{ contactKey: string; all: Prepared[]; before: Set<number> }> {
  const contactKey = inputs[0]?.contactKey;
  if (contactKey === undefined || inputs.some((input) => input.contactKey !== contactKey)) {
    throw new Error('enqueueMessages: every message must be for the same one person');
  }
  const { channel, userId } = parseContactKey(contactKey);
  const all = inputs.map((input) => {
    const key = input.key ?? `msg:${randomUUID()}`;
    const fields: StoredMessage = {
      _id: key,
      key,
      contactKey,
      channel,
      recipientId: userId,
      message: input.message,
      purpose: input.purpose,
      seq: nextSeq(now),
      createdAt: now,
      attempts: [],
      ...(input.ticketId === undefined ? {} : { ticketId: input.ticketId }),
      ...(input.broadcastId === undefined ? {} : { broadcastId: input.broadcastId }),
    };
    return { input, fields };
  });
  const before = await insertAll(
    OutboxRecordModel,
    all.map(({ fields }) => ({ ...fields, status: 'pending' })),
  );
  return { contactKey, all, before };
}

/**
 * One write on the contact numbers the messages' transcript lines and keeps the choices just
 * offered (and, when they were queued, that the person has a queue); then the lines are written
 * with `carriedLines`. Returns the contact after the write.
 */
/** The transcript line of a message the bot or staff sends. */
function outboundLine(input: EnqueueInput, now: Date): TranscriptLineInput {
  return {
    direction: 'out',
    author: input.purpose === 'staff_answer' || input.purpose === 'staff_message' ? 'staff' : 'bot',
    staffId: input.staffId,
    text: input.message.text,
    at: now,
    ticketId: input.ticketId,
  };
}

async function recordLines(contactKey: string, fresh: Prepared[], now: Date, carriedLines: readonly NumberedLine[], queued: boolean) {
  const contact = await ContactModel.findOneAndUpdate(
    { _id: contactKey },
    {
      $set: { lastChoices: numberedChoices(fresh.at(-1)!.input.message), ...(queued ? { outboxQueuedAt: now } : {}) },
      $inc: { lineCount: fresh.length },
    },
    // No projection: FerretDB's findAndModify does not take one.
    { returnDocument: 'after' },
  ).lean();
  // A line for someone without a contact (not expected) is still kept, under a number no count reaches.
  const last = contact?.lineCount ?? -Date.now();
  const lines = fresh.map(({ input }, i) => ({ n: last - fresh.length + 1 + i, line: outboundLine(input, now) }));
  await appendTranscriptLines(contactKey, [...carriedLines, ...lines]);
  return contact;
}

/**
 * {@link recordLines} for a turn's replies, numbered after the line count the turn's first
 * contact write returned: the contact's update returns nothing, so it goes with other turns'
 * updates of contacts. A number another writer took meanwhile (a staff message) is counted up
 * again for that line alone when the lines are inserted; `$max` never moves the count back.
 */
async function recordTurnLines(contactKey: string, fresh: Prepared[], now: Date, carriedLines: readonly NumberedLine[], turn: TurnContact): Promise<void> {
  const first = turn.lineCount + 1;
  turn.lineCount += fresh.length;
  await updateOneWithOthers(
    ContactModel,
    { _id: contactKey },
    { $set: { lastChoices: numberedChoices(fresh.at(-1)!.input.message), updatedAt: now }, $max: { lineCount: turn.lineCount } },
  );
  const lines = fresh.map(({ input }, i) => ({ n: first + i, line: outboundLine(input, now) }));
  await appendTranscriptLines(contactKey, [...carriedLines, ...lines]);
}

/**
 * Queues a message for a person, durably, in their per-person order. Returns once it is
 * stored; the outbox worker sends it, applying the channel's window rules and retries.
 * A key is queued once ever: its record (outbox_history) is written first and its unique `_id`
 * refuses a second one, whatever became of the first. Also records the line in the person's
 * transcript and the choices it offers (so a typed "2" can be read as the second choice).
 * `wake` is the enqueuing service's outbox wake-up, told once the message is stored.
 */
export async function enqueueMessage(input: EnqueueInput, wake: WakeOutbox, now = new Date()): Promise<EnqueueResult> {
  const [result] = await enqueueMessages([input], wake, now);
  return result!;
}

/**
 * Queues several messages for one person, in this order, with one write per collection
 * (records, queue entries, the contact, transcript lines) instead of one per message.
 * `carriedLines` are lines of the person's already numbered, written in the same insert.
 */
async function enqueueMessages(
  inputs: readonly EnqueueInput[],
  wake: WakeOutbox,
  now = new Date(),
  carriedLines: readonly NumberedLine[] = [],
): Promise<EnqueueResult[]> {
  const { contactKey, all, before } = await storeRecords(inputs, now);
  for (const index of before) await requeueIfStranded(all[index]!.fields._id, wake);
  const fresh = all.filter((_, i) => !before.has(i));
  if (fresh.length > 0) {
    // A duplicate entry (a concurrent enqueue of the same key) is the same message. But a
    // concurrent enqueue may also have queued it again (below) and seen it sent before this
    // insert lands: the worker reads the record of such an entry before sending it.
    await insertAll(
      OutboxMessageModel,
      fresh.map(({ fields }) => ({ ...fields, nextAttemptAt: now, checkRecord: true })),
    );
    const contact = await recordLines(contactKey, fresh, now, carriedLines, true);
    queuedDuringTurn(contactKey, contact?.lineCount);
    wake();
  } else {
    await appendTranscriptLines(contactKey, carriedLines);
  }
  return all.map(({ fields }, i) => ({ key: fields._id, created: !before.has(i) }));
}

/**
 * Stores a turn's replies for the caller to send at once, under the person's lease: a pending
 * record each (the key's only copy) and no queue entry, so a reply sent at once costs its record's
 * insert and update alone. They are queued instead, for the caller to serve the person's queue,
 * when the person has messages waiting in the outbox (they go first), or when the turn ran
 * before and stopped before its replies were settled (its keys are taken): those still pending
 * are queued again, marked so their records are read before sending, and none is sent twice.
 * Records the transcript lines like {@link enqueueMessages}.
 */
export async function storeTurnReplies(
  inputs: readonly EnqueueInput[],
  wake: WakeOutbox,
  now = new Date(),
  carriedLines: readonly NumberedLine[] = [],
  turn?: TurnContact,
): Promise<StoredReplies> {
  const { contactKey, all, before } = await storeRecords(inputs, now);
  const fresh = all.filter((_, i) => !before.has(i));
  if (before.size > 0) {
    for (const index of before) await requeueIfStranded(all[index]!.fields._id, wake);
    await queueStoredMessages(
      fresh.map(({ fields }) => fields),
      wake,
    );
    if (fresh.length > 0) {
      const contact = await recordLines(contactKey, fresh, now, carriedLines, true);
      if (turn && contact?.lineCount != null) turn.lineCount = contact.lineCount;
    } else await appendTranscriptLines(contactKey, carriedLines);
    if (turn) turn.queued = true;
    return { toSend: [], queued: true };
  }
  let queueBehind: boolean;
  if (turn) {
    await recordTurnLines(contactKey, fresh, now, carriedLines, turn);
    queueBehind = turn.queued;
  } else {
    queueBehind = Boolean((await recordLines(contactKey, fresh, now, carriedLines, false))?.outboxQueuedAt);
  }
  if (!queueBehind) return { toSend: fresh.map(({ fields }) => fields), queued: false };
  // Crash between the contact and these entries: the turn runs again and finds its keys taken.
  await queueStoredMessages(
    fresh.map(({ fields }) => fields),
    wake,
  );
  if (turn) turn.queued = true;
  return { toSend: [], queued: true };
}

/**
 * Puts stored messages whose records are pending into the outbox queue, in their order, due at
 * once unless they carry `nextAttemptAt`: replies that could not be sent at once. Marks the
 * person's contact as having a queue, so their next turn's replies queue behind these.
 */
export async function queueStoredMessages(messages: readonly (StoredMessage & { nextAttemptAt?: Date })[], wake: WakeOutbox, now = new Date()): Promise<void> {
  const contactKey = messages[0]?.contactKey;
  if (contactKey === undefined) return;
  await insertAll(
    OutboxMessageModel,
    messages.map((m) => ({ ...m, nextAttemptAt: m.nextAttemptAt ?? now })),
  );
  await ContactModel.updateOne({ _id: contactKey }, { $set: { outboxQueuedAt: now } });
  queuedDuringTurn(contactKey, undefined);
  wake();
}

/**
 * After the person's queue was served and found empty: their next turn's replies may go at
 * once. A message queued for them by another instance at this very moment may then be
 * overtaken by the next turn's replies; it is still sent.
 */
export async function forgetEmptyQueue(contactKey: string): Promise<void> {
  await ContactModel.updateOne({ _id: contactKey }, { $unset: { outboxQueuedAt: 1 } });
}

/**
 * A key queued before: when its record is still pending but its queue entry is missing (the
 * first enqueue stopped between the two writes, or is between them now, or a turn stopped
 * before sending its replies), queue it again, marked so the worker checks the record before
 * sending.
 */
async function requeueIfStranded(key: string, wake: WakeOutbox): Promise<void> {
  const record = await OutboxRecordModel.findById(key).lean();
  if (!record || record.status !== 'pending') return;
  const { status: _status, platformMessageId: _platformId, outcome: _outcome, sentAt: _sentAt, settledAt: _settledAt, ...fields } = record;
  const queuedAlready = await insertAll(OutboxMessageModel, [{ ...fields, nextAttemptAt: new Date(), checkRecord: true }]);
  if (queuedAlready.size > 0) return;
  await ContactModel.updateOne({ _id: record.contactKey }, { $set: { outboxQueuedAt: new Date() } });
  queuedDuringTurn(record.contactKey, undefined);
  wake();
}
