import { InboxEventModel } from '../db/models/inbox-event.js';
import { InboxRecordModel } from '../db/models/inbox-record.js';
import type { InboundEvent } from '../channels/types.js';
import { isDatabaseUnavailable } from '../db/connect.js';
import { persistWhileUnavailable } from '../db/persist.js';
import { describeError } from '../errors.js';
import { log } from '../log.js';
import { backoffDelay } from '../workers/backoff.js';
import { KeyedQueueWorker } from '../workers/keyed-queue-worker.js';
import { metrics } from '../metrics/registry.js';
import { withTimeout } from '../timeout.js';

const inboxLog = log.child({ module: 'inbox' });

/** Handles one stored event (contact, gates, bot turn). Throw to have it retried later. */
export type InboxHandler = (entry: { id: string; event: InboundEvent; attempts: number }) => Promise<void>;

export interface InboxWorkerOptions {
  handle: InboxHandler;
  maxAttempts: number;
  pollMs: number;
  concurrency?: number;
  leaseMs?: number;
  /** A turn that takes longer than this counts as failed (it is not cancelled). */
  turnTimeoutMs?: number;
  /** How long a new event waits before its turn (see `storeInboundEvents`); such an event is not idle. */
  reorderWindowMs?: number;
  now?: () => Date;
}

/**
 * Processes stored inbound events one at a time per person, in the order they happened.
 * A failing event is retried with backoff (later events of that person wait behind it, so
 * order holds) and parked as `dead` after `maxAttempts`, visible to operators. An event is
 * marked done only after its turn finished, so a crash mid-turn means it runs again.
 */
export function createInboxWorker(options: InboxWorkerOptions): KeyedQueueWorker {
  const now = options.now ?? (() => new Date());
  const turnTimeoutMs = options.turnTimeoutMs ?? 20_000;
  const leaseMs = options.leaseMs ?? 30_000;

  async function findReadyKeys(limit: number, dueBy = now()): Promise<string[]> {
    const due = await InboxEventModel.find({ status: 'pending', nextAttemptAt: { $lte: dueBy } }, { contactKey: 1 })
      .sort({ receivedAt: 1 })
      .limit(limit * 4)
      .lean();
    return [...new Set(due.map((d) => d.contactKey))].slice(0, limit);
  }

  /** The event's record says it was handled already (only asked for entries queued again from a redelivery). */
  async function handledAlready(id: string): Promise<boolean> {
    const record = await InboxRecordModel.findById(id, { status: 1 }).lean();
    return record !== null && record.status !== 'pending';
  }

  async function processKey(contactKey: string): Promise<void> {
    for (;;) {
      const entry = await InboxEventModel.findOne({ contactKey, status: 'pending' }).sort({ occurredAt: 1, receivedAt: 1, _id: 1 }).lean();
      if (!entry || entry.nextAttemptAt > now()) return;
      const id = entry._id;
      if (entry.recovered && (await handledAlready(id))) {
        await InboxEventModel.deleteOne({ _id: id });
        continue;
      }
      const started = process.hrtime.bigint();
      try {
        await withTimeout(options.handle({ id, event: entry.event as InboundEvent, attempts: entry.attempts }), turnTimeoutMs, 'turn');
        // Replies are keyed by this event, so running the turn again sends nothing twice; but the
        // dialog would move on a second step. Keep trying while we hold the person. The record
        // is settled before the entry goes, so a crash in between runs the turn again rather
        // than losing it.
        const doneAt = now();
        await persistWhileUnavailable(
          async () => {
            await InboxRecordModel.updateOne({ _id: id }, { $set: { status: 'done', doneAt, attempts: entry.attempts + 1 } });
            await InboxEventModel.deleteOne({ _id: id });
          },
          {
            patienceMs: leaseMs / 2,
            onRetry: (err, attempt) =>
              inboxLog.warn({ err: describeError(err), inboxId: id, contactKey, attempt }, 'turn done, but the database is away; recording it again'),
          },
        );
        metrics.turnSeconds.observe(Number(process.hrtime.bigint() - started) / 1e9, { channel: entry.channel });
        metrics.turnsTotal.inc({ channel: entry.channel, outcome: 'done' });
      } catch (err) {
        metrics.turnsTotal.inc({ channel: entry.channel, outcome: 'failed' });
        const attempts = entry.attempts + 1;
        const dead = attempts >= options.maxAttempts && !isDatabaseUnavailable(err);
        const lastError = describeError(err).slice(0, 1000);
        if (dead) {
          inboxLog.error({ err, inboxId: id, contactKey, attempts }, 'inbound event failed for good; parked as dead for an operator');
          await InboxRecordModel.updateOne({ _id: id }, { $set: { status: 'dead', lastError, attempts } });
          await InboxEventModel.updateOne({ _id: id }, { $set: { status: 'dead', lastError, attempts } });
          continue;
        }
        const delay = backoffDelay(attempts, 1_000, 60_000);
        inboxLog.warn({ err: lastError, inboxId: id, contactKey, attempts, retryInMs: delay }, 'inbound event failed; will retry');
        await InboxEventModel.updateOne({ _id: id }, { $set: { lastError, attempts, nextAttemptAt: new Date(now().getTime() + delay) } });
        return;
      }
    }
  }

  return new KeyedQueueWorker({
    name: 'inbox',
    findReadyKeys,
    processKey,
    concurrency: options.concurrency ?? 8,
    pollMs: options.pollMs,
    leaseMs,
    idleLookAheadMs: (options.reorderWindowMs ?? 0) + 50,
  });
}
