import type { ChannelClient, ChannelPolicy, OutboundMessage, SendResult } from '../channels/types.js';
import { ChannelSendError } from '../channels/errors.js';
import { ContactModel } from '../db/models/contact.js';
import { persistWhileUnavailable } from '../db/persist.js';
import { OutboxMessageModel, OutboxRecordModel, type OutboxMessage } from '../db/models/outbox-message.js';
import type { Channel } from '../domain/vocabulary.js';
import { AppError, describeError } from '../errors.js';
import { log } from '../log.js';
import { backoffDelay } from '../workers/backoff.js';
import { findWithdrawal } from './withdrawals.js';
import { metrics } from '../metrics/registry.js';

const outboxLog = log.child({ module: 'outbox' });

/** The parts of a queued message that a failed send is recorded against. */
type PendingEntry = Pick<OutboxMessage, 'contactKey' | 'key' | 'attempts'> & { _id: string };

export interface OutboxDeliveryOptions {
  clients: Partial<Record<Channel, ChannelClient>>;
  policies: Partial<Record<Channel, ChannelPolicy>>;
  maxAttempts: number;
  /** The lease a person's queue is served under; records of sends are retried within half of it. */
  leaseMs: number;
  now?: () => Date;
}

/** What the caller already knows of the person, to spare a read of their contact. */
export interface KnownContact {
  lastInboundAt?: Date | null;
}

/** Sends a person's queued messages; the caller holds the person's lease. */
export interface OutboxDelivery {
  /**
   * Sends the person's due messages in order, until none is left or one must wait for a
   * retry (the later ones wait behind it). Reads the person's queue once: messages queued
   * meanwhile are left to the outbox worker's next look.
   */
  deliverDue(contactKey: string, known?: KnownContact): Promise<void>;
}

/**
 * The sending half of the outbox, shared by the outbox worker and the inbox worker (which
 * sends a turn's replies right after the turn, under the same per-person lease). Before each
 * send: a message of a withdrawn news item is marked failed; the channel's window rules may
 * hold it back with a stated reason. Transient failures (network, 5xx, rate limits) are
 * retried with exponential backoff and jitter; permanent ones are marked failed at once with
 * the platform's code. Every attempt and the platform's message id are recorded.
 */
export function createOutboxDelivery(options: OutboxDeliveryOptions): OutboxDelivery {
  const now = options.now ?? (() => new Date());
  const { leaseMs } = options;

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

  /** The record of a message that may have been queued twice says it was settled already. */
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

  /** Sends (or holds, or fails) one due message; `retry-later` means the person's later messages wait. */
  async function deliverOne(entry: OutboxMessage & { _id: string }, lastInboundAt: Date | undefined): Promise<'next' | 'retry-later'> {
    const { contactKey, channel } = entry;
    if (entry.checkRecord && (await settledAlready(entry._id))) {
      await OutboxMessageModel.deleteOne({ _id: entry._id });
      return 'next';
    }
    const client = options.clients[channel];
    const policy = options.policies[channel];
    if (!client || !policy) {
      await finish(entry, 'failed', 'channel_off', `The ${channel} channel is not configured on this server.`);
      return 'next';
    }
    const withdrawal = entry.broadcastId ? await findWithdrawal(entry.broadcastId) : null;
    if (withdrawal) {
      metrics.sendsTotal.inc({ channel, outcome: 'withdrawn' });
      await finish(entry, 'failed', withdrawal.code, withdrawal.reason);
      return 'next';
    }
    const purpose = entry.purpose;
    const decision = policy.decide({ purpose, lastInboundAt, now: now() });
    if (!decision.allowed) {
      outboxLog.info({ contactKey, key: entry.key, code: decision.code }, 'message held back by the channel window');
      metrics.sendsTotal.inc({ channel, outcome: 'held' });
      await finish(entry, 'held', decision.code, decision.reason);
      return 'next';
    }
    const at = now();
    let result: SendResult;
    try {
      result = await client.send(entry.recipientId, entry.message as OutboundMessage, { purpose, window: decision });
    } catch (err) {
      return recordFailedSend(entry, channel, at, err);
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
    return 'next';
  }

  async function deliverDue(contactKey: string, known?: KnownContact): Promise<void> {
    const queued = await OutboxMessageModel.find({ contactKey }).sort({ seq: 1 }).lean();
    let contact = known;
    for (const entry of queued) {
      if (entry.nextAttemptAt > now()) return;
      // Read only when there is something to send, once per look at the queue.
      contact ??= (await ContactModel.findOne({ _id: contactKey }, { lastInboundAt: 1 }).lean()) ?? {};
      if ((await deliverOne(entry, contact.lastInboundAt ?? undefined)) === 'retry-later') return;
    }
  }

  return { deliverDue };
}
