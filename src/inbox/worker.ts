import { InboxEventModel, type InboxEvent } from '../db/models/inbox-event.js';
import { InboxRecordModel } from '../db/models/inbox-record.js';
import type { InboundEvent } from '../channels/types.js';
import { isDatabaseUnavailable } from '../db/connect.js';
import { deleteOneWithOthers, updateOneWithOthers } from '../db/batched-writes.js';
import { persistWhileUnavailable } from '../db/persist.js';
import { describeError } from '../errors.js';
import { log } from '../log.js';
import type { KnownContact, OutboxDelivery } from '../outbox/deliver.js';
import { forgetEmptyQueue, type StoredReplies } from '../outbox/enqueue.js';
import { backoffDelay } from '../workers/backoff.js';
import { KeyedQueueWorker } from '../workers/keyed-queue-worker.js';
import { metrics } from '../metrics/registry.js';
import { withTimeout } from '../timeout.js';

const inboxLog = log.child({ module: 'inbox' });

/** What a turn leaves for the inbox worker: its replies, and what it learnt of the person's contact. */
interface TurnOutcome {
  /** Spares sending the replies a read of the contact. */
  contact?: KnownContact;
  replies?: StoredReplies;
}

/** Handles one stored event (contact, gates, bot turn). Throw to have it retried later. */
export type InboxHandler = (entry: { id: string; event: InboundEvent; attempts: number }) => Promise<TurnOutcome | void>;

export interface InboxWorkerOptions {
  handle: InboxHandler;
  /** Sends the replies of a person's turn right after it, under the same lease. */
  delivery: OutboxDelivery;
  /** Wakes this service's outbox worker, to send the replies `delivery` could not. */
  wakeOutbox?: () => void;
  maxAttempts: number;
  pollMs: number;
  concurrency?: number;
  /** While this answers true, one person at a time: the webhooks waiting to be stored go first. */
  holdBackWhile?: () => boolean;
  leaseMs?: number;
  /** A turn that takes longer than this counts as failed (it is not cancelled). */
  turnTimeoutMs?: number;
  /** How long a new event waits before its turn (see `storeInboundEvents`); such an event is not idle. */
  reorderWindowMs?: number;
  now?: () => Date;
}

type Entry = InboxEvent & { _id: string };

/** A person's events in the order their turns run. */
function byOccurrence(a: Entry, b: Entry): number {
  return a.occurredAt.getTime() - b.occurredAt.getTime() || a.receivedAt.getTime() - b.receivedAt.getTime() || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0);
}

/**
 * Processes stored inbound events one at a time per person, in the order they happened.
 * A failing event is retried with backoff (later events of that person wait behind it, so
 * order holds) and parked as `dead` after `maxAttempts`, visible to operators. An event is
 * marked done only after its turn finished and its replies were sent (or queued), so a crash
 * before that means it runs again; the replies' keys keep those settled from going twice.
 */
export function createInboxWorker(options: InboxWorkerOptions): KeyedQueueWorker {
  const now = options.now ?? (() => new Date());
  const turnTimeoutMs = options.turnTimeoutMs ?? 20_000;
  const leaseMs = options.leaseMs ?? 30_000;
  /**
   * Each ready person's pending events as the last look at the inbox found them. Every filter
   * but `_id` reads the whole inbox on FerretDB, so one look serves every person it found;
   * the first event is read again by `_id` under the lease to be sure nobody served them since.
   */
  let seen = new Map<string, Entry[]>();

  async function findReadyKeys(limit: number, dueBy = now()): Promise<string[]> {
    const pending = await InboxEventModel.find({ status: 'pending' }).sort({ receivedAt: 1 }).lean<Entry[]>();
    const byPerson = new Map<string, Entry[]>();
    for (const entry of pending) {
      const events = byPerson.get(entry.contactKey);
      if (events) events.push(entry);
      else byPerson.set(entry.contactKey, [entry]);
    }
    const ready = new Map<string, Entry[]>();
    for (const [key, events] of byPerson) {
      events.sort(byOccurrence);
      if (events[0]!.nextAttemptAt <= dueBy) ready.set(key, events);
    }
    seen = ready;
    return [...ready.keys()].slice(0, limit);
  }

  /** The person's pending events in turn order: those last seen if the first of them is unchanged, else read again. */
  async function pendingEventsOf(contactKey: string): Promise<Entry[]> {
    const last = seen.get(contactKey);
    seen.delete(contactKey);
    if (last) {
      const first = await InboxEventModel.findById(last[0]!._id).lean<Entry>();
      // Events run in order under the lease: while the first is untouched, so are those behind it.
      if (first && first.status === 'pending' && first.attempts === last[0]!.attempts) return [first, ...last.slice(1)];
    }
    return InboxEventModel.find({ contactKey, status: 'pending' }).sort({ occurredAt: 1, receivedAt: 1, _id: 1 }).lean<Entry[]>();
  }

  /** The event's record says it was handled already (only asked for entries queued again from a redelivery). */
  async function handledAlready(id: string): Promise<boolean> {
    const record = await InboxRecordModel.findById(id, { status: 1 }).lean();
    return record !== null && record.status !== 'pending';
  }

  /** Runs one event's turn, sends its replies and settles it; `retry-later` when the person's later events must wait. */
  async function processEvent(entry: Entry, contactKey: string): Promise<'next' | 'retry-later'> {
    const id = entry._id;
    if (entry.recovered && (await handledAlready(id))) {
      await InboxEventModel.deleteOne({ _id: id });
      return 'next';
    }
    const started = process.hrtime.bigint();
    try {
      const outcome = await withTimeout(options.handle({ id, event: entry.event as InboundEvent, attempts: entry.attempts }), turnTimeoutMs, 'turn');
      // Before the event is settled: a crash in between runs the turn again, which finds the
      // records of the replies sent already and sends only the others.
      if (outcome?.replies) await sendReplies(contactKey, outcome.replies, outcome.contact);
      // The dialog would move on a second step if the turn ran again: keep trying while we hold
      // the person. The record is settled before the entry goes, so a crash in between runs the
      // turn again rather than losing it.
      const doneAt = now();
      await persistWhileUnavailable(
        async () => {
          await updateOneWithOthers(InboxRecordModel, { _id: id }, { $set: { status: 'done', doneAt, attempts: entry.attempts + 1 } });
          await deleteOneWithOthers(InboxEventModel, { _id: id });
        },
        {
          patienceMs: leaseMs / 2,
          onRetry: (err, attempt) =>
            inboxLog.warn({ err: describeError(err), inboxId: id, contactKey, attempt }, 'turn done, but the database is away; recording it again'),
        },
      );
      metrics.turnSeconds.observe(Number(process.hrtime.bigint() - started) / 1e9, { channel: entry.channel });
      metrics.turnsTotal.inc({ channel: entry.channel, outcome: 'done' });
      return 'next';
    } catch (err) {
      metrics.turnsTotal.inc({ channel: entry.channel, outcome: 'failed' });
      const attempts = entry.attempts + 1;
      const dead = attempts >= options.maxAttempts && !isDatabaseUnavailable(err);
      const lastError = describeError(err).slice(0, 1000);
      if (dead) {
        inboxLog.error({ err, inboxId: id, contactKey, attempts }, 'inbound event failed for good; parked as dead for an operator');
        await InboxRecordModel.updateOne({ _id: id }, { $set: { status: 'dead', lastError, attempts } });
        await InboxEventModel.updateOne({ _id: id }, { $set: { status: 'dead', lastError, attempts } });
        return 'next';
      }
      const delay = backoffDelay(attempts, 1_000, 60_000);
      inboxLog.warn({ err: lastError, inboxId: id, contactKey, attempts, retryInMs: delay }, 'inbound event failed; will retry');
      await InboxEventModel.updateOne({ _id: id }, { $set: { lastError, attempts, nextAttemptAt: new Date(now().getTime() + delay) } });
      return 'retry-later';
    }
  }

  /**
   * Sends a turn's replies: those stored for sending at once, then, when some were queued (the
   * person has older messages waiting), the person's queue; a queue found empty is forgotten,
   * so the next turn's replies go at once. Throws when a reply could be neither sent nor queued.
   */
  async function sendReplies(contactKey: string, replies: StoredReplies, contact: KnownContact | undefined): Promise<void> {
    await options.delivery.sendReplies(replies.toSend, contact);
    if (!replies.queued) return;
    try {
      if (await options.delivery.deliverDue(contactKey, contact)) await forgetEmptyQueue(contactKey);
    } catch (err) {
      // They are in the queue: the outbox worker sends them.
      inboxLog.warn({ err: describeError(err), contactKey }, 'could not send the queued replies after the turn; the outbox worker will');
      options.wakeOutbox?.();
    }
  }

  async function processKey(contactKey: string): Promise<void> {
    for (const entry of await pendingEventsOf(contactKey)) {
      if (entry.nextAttemptAt > now()) return;
      if ((await processEvent(entry, contactKey)) === 'retry-later') return;
    }
  }

  return new KeyedQueueWorker({
    name: 'inbox',
    findReadyKeys,
    processKey,
    concurrency: options.concurrency ?? 8,
    holdBackWhile: options.holdBackWhile,
    pollMs: options.pollMs,
    leaseMs,
    idleLookAheadMs: (options.reorderWindowMs ?? 0) + 50,
  });
}
