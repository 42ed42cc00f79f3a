import type { ChannelClient, ChannelPolicy, OutboundMessage, SendResult } from '../channels/types.js';
import { ChannelSendError } from '../channels/errors.js';
import { ContactModel } from '../db/models/contact.js';
import { persistWhileUnavailable } from '../db/persist.js';
import { OutboxMessageModel, OutboxRecordModel, type OutboxMessage } from '../db/models/outbox-message.js';
import type { Channel } from '../domain/vocabulary.js';
import { AppError, describeError } from '../errors.js';
import { log } from '../log.js';
import { backoffDelay } from '../workers/backoff.js';
import { KeyedQueueWorker } from '../workers/keyed-queue-worker.js';
import { findWithdrawal } from './withdrawals.js';
import { metrics } from '../metrics/registry.js';

const outboxLog = log.child({ module: 'outbox' });

/** The parts of a queued message that a failed send is recorded against. */
type PendingEntry = Pick<OutboxMessage, 'contactKey' | 'key' | 'attempts'> & { _id: string };

export interface OutboxWorkerOptions {
  clients: Partial<Record<Channel, ChannelClient>>;
  policies: Partial<Record<Channel, ChannelPolicy>>;
  maxAttempts: number;
  pollMs: number;
  concurrency?: number;
  leaseMs?: number;
  now?: () => Date;
}

/**
 * Sends queued messages, in order per person, and is the only writer of a queued message
 * (under the person's lease): FerretDB does not isolate concurrent updates of one document.
 * A message of a withdrawn news item is marked failed instead of sent. Before each send the
 * channel's window rules decide: a message the platform would refuse is held back with a
 * stated reason instead.
 * Transient failures (network, 5xx, rate limits) are retried with exponential backoff and
 * jitter, and the person's later messages wait behind; permanent ones are marked failed at
 * once with the platform's code. Every attempt and the platform's message id are recorded.
 */
export function createOutboxWorker(options: OutboxWorkerOptions): KeyedQueueWorker {
  const now = options.now ?? (() => new Date());
  const leaseMs = options.leaseMs ?? 60_000;

  async function findReadyKeys(limit: number, dueBy = now()): Promise<string[]> {
    const due = await OutboxMessageModel.find({ nextAttemptAt: { $lte: dueBy } }, { contactKey: 1 })
      .sort({ seq: 1 })
      .limit(limit * 4)
      .lean();
    return [...new Set(due.map((d) => d.contactKey))].slice(0, limit);
  }

  /**
   * Settles a message: its record gets the outcome, then its queue entry goes. In that order, so
   * a crash in between leaves the entry to be settled again, never a message without outcome.
   */
  async function settle(entry: PendingEntry, set: Record<string, unknown>, attempt?: object): Promise<void> {
    const attempts = attempt ? [...entry.attempts, attempt] : entry.attempts;
    await OutboxRecordModel.updateOne({ _id: entry._id }, { $set: { ...set, attempts, settledAt: now() } });
    await OutboxMessageModel.deleteOne({ _id: entry._id });
  }

  async function finish(entry: PendingEntry, status: 'held' | 'failed', code: string, reason: string, attempt?: object): Promise<void> {
    await settle(entry, { status, outcome: { code, reason } }, attempt);
  }

  /** The record of a message queued again from a stranded enqueue says it was settled already. */
  async function settledAlready(id: string): Promise<boolean> {
    const record = await OutboxRecordModel.findById(id, { status: 1 }).lean();
    return record !== null && record.status !== 'pending';
  }

  /**
   * Records a send the platform did not take: failed for good (permanent error or out of
   * attempts; the person's next message may go) or retried later with backoff (the person's
   * later messages wait behind it).
   */
  async function recordFailedSend(entry: PendingEntry, channel: Channel, at: Date, err: unknown): Promise<'next' | 'retry-later'> {
    const code = err instanceof ChannelSendError ? err.platformCode : err instanceof AppError ? err.code : 'error';
    const attempt = { at, ok: false, code, error: describeError(err).slice(0, 500) };
    const retryable = err instanceof AppError ? err.retryable : true;
    const attempts = entry.attempts.length + 1;
    metrics.sendsTotal.inc({ channel, outcome: retryable ? 'retry' : 'failed' });
    metrics.sendErrorsTotal.inc({ channel, code });
    if (!retryable) {
      outboxLog.warn({ contactKey: entry.contactKey, key: entry.key, code }, 'message refused by the platform for good');
      await finish(entry, 'failed', code, describeError(err).slice(0, 500), attempt);
      return 'next';
    }
    if (attempts >= options.maxAttempts) {
      outboxLog.error({ contactKey: entry.contactKey, key: entry.key, code, attempts }, 'message failed after all retries');
      await finish(entry, 'failed', code, `Gave up after ${attempts} attempts: ${describeError(err).slice(0, 300)}`, attempt);
      return 'next';
    }
    const hint = err instanceof ChannelSendError ? (err.retryAfterMs ?? 0) : 0;
    const delay = Math.max(hint, backoffDelay(attempts, 1_000, 5 * 60_000));
    outboxLog.warn(
      { contactKey: entry.contactKey, key: entry.key, code, attempts, retryInMs: delay, err: describeError(err).slice(0, 300) },
      'send failed; will retry',
    );
    await OutboxMessageModel.updateOne({ _id: entry._id }, { $set: { nextAttemptAt: new Date(now().getTime() + delay) }, $push: { attempts: attempt } });
    return 'retry-later';
  }

  async function processKey(contactKey: string): Promise<void> {
    const contact = await ContactModel.findOne({ _id: contactKey }, { lastInboundAt: 1 }).lean();
    for (;;) {
      const entry = await OutboxMessageModel.findOne({ contactKey }).sort({ seq: 1 }).lean();
      if (!entry || entry.nextAttemptAt > now()) return;
      if (entry.recovered && (await settledAlready(entry._id))) {
        await OutboxMessageModel.deleteOne({ _id: entry._id });
        continue;
      }
      const channel = entry.channel;
      const client = options.clients[channel];
      const policy = options.policies[channel];
      if (!client || !policy) {
        await finish(entry, 'failed', 'channel_off', `The ${channel} channel is not configured on this server.`);
        continue;
      }
      const withdrawal = entry.broadcastId ? await findWithdrawal(entry.broadcastId) : null;
      if (withdrawal) {
        metrics.sendsTotal.inc({ channel, outcome: 'withdrawn' });
        await finish(entry, 'failed', withdrawal.code, withdrawal.reason);
        continue;
      }
      const purpose = entry.purpose;
      const decision = policy.decide({ purpose, lastInboundAt: contact?.lastInboundAt ?? undefined, now: now() });
      if (!decision.allowed) {
        outboxLog.info({ contactKey, key: entry.key, code: decision.code }, 'message held back by the channel window');
        metrics.sendsTotal.inc({ channel, outcome: 'held' });
        await finish(entry, 'held', decision.code, decision.reason);
        continue;
      }
      const at = now();
      let result: SendResult;
      try {
        result = await client.send(entry.recipientId, entry.message as OutboundMessage, { purpose, window: decision });
      } catch (err) {
        if ((await recordFailedSend(entry, channel, at, err)) === 'retry-later') return;
        continue;
      }
      metrics.sendsTotal.inc({ channel, outcome: 'sent' });
      // The person has the message now, so nothing below may count as a failed send. If this
      // record were lost to a database blip, the message would go again once the database is
      // back: keep trying while we hold the person.
      const sentAt = now();
      await persistWhileUnavailable(
        () =>
          settle(entry, { status: 'sent', sentAt, platformMessageId: result.platformMessageId }, { at, ok: true, platformMessageId: result.platformMessageId }),
        {
          patienceMs: leaseMs / 2,
          onRetry: (err, attempt) =>
            outboxLog.warn({ err: describeError(err), contactKey, key: entry.key, attempt }, 'sent, but the database is away; recording it again'),
        },
      );
    }
  }

  return new KeyedQueueWorker({
    name: 'outbox',
    findReadyKeys,
    processKey,
    concurrency: options.concurrency ?? 8,
    pollMs: options.pollMs,
    leaseMs,
  });
}
