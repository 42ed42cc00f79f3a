import type { ChannelClient, ChannelPolicy, SendResult } from '../channels/types.js';
import { ChannelSendError } from '../channels/errors.js';
import { ContactModel } from '../db/models/contact.js';
import { deleteOneWithOthers, updateOneWithOthers } from '../db/batched-writes.js';
import { persistWhileUnavailable } from '../db/persist.js';
import { OutboxMessageModel, OutboxRecordModel } from '../db/models/outbox-message.js';
import type { Channel } from '../domain/vocabulary.js';
import { AppError, describeError } from '../errors.js';
import { log } from '../log.js';
import { backoffDelay } from '../workers/backoff.js';
import { findWithdrawal } from './withdrawals.js';
import { queueStoredMessages, type SendAttempt, type StoredMessage } from './enqueue.js';
import { metrics } from '../metrics/registry.js';

const outboxLog = log.child({ module: 'outbox' });

/** A message being delivered: from the person's queue, or a turn's reply with its record alone. */
type PendingEntry = StoredMessage & { checkRecord?: boolean | null };

/** What became of one message: settled (the person's next may go), or to be tried again at `at`. */
type Outcome = { next: true } | { next: false; retryAt: Date; attempt: SendAttempt };
const NEXT: Outcome = { next: true };

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

/** Sends a person's messages; the caller holds the person's lease. */
export interface OutboxDelivery {
  /**
   * Sends the person's due messages in order, until none is left or one must wait for a
   * retry (the later ones wait behind it). Reads the person's queue once: messages queued
   * meanwhile are left to the outbox worker's next look. True when the queue it read was
   * emptied.
   */
  deliverDue(contactKey: string, known?: KnownContact): Promise<boolean>;
  /**
   * Sends a turn's replies, stored with a pending record and no queue entry, in order, and
   * settles each record. The first that must be retried is queued with those after it, for
   * the outbox worker; one refused for good or held back by the window is settled so.
   */
  sendReplies(replies: readonly StoredMessage[], known?: KnownContact): Promise<void>;
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
   * Settles a message: its record gets the outcome, then its queue entry (if it has one) goes. In
   * that order, so a crash in between leaves the entry to be settled again, never a message
   * without outcome.
   */
  async function settle(entry: PendingEntry, queued: boolean, set: Record<string, unknown>, attempt?: SendAttempt): Promise<void> {
    const attempts = attempt ? [...entry.attempts, attempt] : entry.attempts;
    await updateOneWithOthers(OutboxRecordModel, { _id: entry._id }, { $set: { ...set, attempts, settledAt: now() } });
    if (queued) await deleteOneWithOthers(OutboxMessageModel, { _id: entry._id });
  }

  async function finish(
    entry: PendingEntry,
    queued: boolean,
    status: 'held' | 'failed',
    code: string,
    reason: string,
    attempt?: SendAttempt,
  ): Promise<Outcome> {
    await settle(entry, queued, { status, outcome: { code, reason } }, attempt);
    return NEXT;
  }

  /** The record of a message that may have been queued twice says it was settled already. */
  async function settledAlready(id: string): Promise<boolean> {
    const record = await OutboxRecordModel.findById(id, { status: 1 }).lean();
    return record !== null && record.status !== 'pending';
  }

  /**
   * A send the platform did not take: failed for good (permanent error or out of attempts; the
   * person's next message may go), or to be retried at a time with backoff (the person's later
   * messages wait behind it), which the caller records.
   */
  async function failedSend(entry: PendingEntry, queued: boolean, at: Date, err: unknown): Promise<Outcome> {
    const { channel } = entry;
    const code = err instanceof ChannelSendError ? err.platformCode : err instanceof AppError ? err.code : 'error';
    const attempt: SendAttempt = { at, ok: false, code, error: describeError(err).slice(0, 500) };
    const retryable = err instanceof AppError ? err.retryable : true;
    const attempts = entry.attempts.length + 1;
    metrics.sendsTotal.inc({ channel, outcome: retryable ? 'retry' : 'failed' });
    metrics.sendErrorsTotal.inc({ channel, code });
    if (!retryable) {
      outboxLog.warn({ contactKey: entry.contactKey, key: entry.key, code }, 'message refused by the platform for good');
      return finish(entry, queued, 'failed', code, describeError(err).slice(0, 500), attempt);
    }
    if (attempts >= options.maxAttempts) {
      outboxLog.error({ contactKey: entry.contactKey, key: entry.key, code, attempts }, 'message failed after all retries');
      return finish(entry, queued, 'failed', code, `Gave up after ${attempts} attempts: ${describeError(err).slice(0, 300)}`, attempt);
    }
    const hint = err instanceof ChannelSendError ? (err.retryAfterMs ?? 0) : 0;
    const delay = Math.max(hint, backoffDelay(attempts, 1_000, 5 * 60_000));
    outboxLog.warn(
      { contactKey: entry.contactKey, key: entry.key, code, attempts, retryInMs: delay, err: describeError(err).slice(0, 300) },
      'send failed; will retry',
    );
    return { next: false, retryAt: new Date(now().getTime() + delay), attempt };
  }

  /** Sends (or holds, or fails) one message: from the person's queue when `queued`, else a reply with its record alone. */
  async function deliverOne(entry: PendingEntry, queued: boolean, lastInboundAt: Date | undefined): Promise<Outcome> {
    const { contactKey, channel } = entry;
    if (queued && entry.checkRecord && (await settledAlready(entry._id))) {
      await OutboxMessageModel.deleteOne({ _id: entry._id });
      return NEXT;
    }
    const client = options.clients[channel];
    const policy = options.policies[channel];
    if (!client || !policy) return finish(entry, queued, 'failed', 'channel_off', `The ${channel} channel is not configured on this server.`);
    const withdrawal = entry.broadcastId ? await findWithdrawal(entry.broadcastId) : null;
    if (withdrawal) {
      metrics.sendsTotal.inc({ channel, outcome: 'withdrawn' });
      return finish(entry, queued, 'failed', withdrawal.code, withdrawal.reason);
    }
    const purpose = entry.purpose;
    const decision = policy.decide({ purpose, lastInboundAt, now: now() });
    if (!decision.allowed) {
      outboxLog.info({ contactKey, key: entry.key, code: decision.code }, 'message held back by the channel window');
      metrics.sendsTotal.inc({ channel, outcome: 'held' });
      return finish(entry, queued, 'held', decision.code, decision.reason);
    }
    const at = now();
    let result: SendResult;
    try {
      result = await client.send(entry.recipientId, entry.message, { purpose, window: decision });
    } catch (err) {
      return failedSend(entry, queued, at, err);
    }
    metrics.sendsTotal.inc({ channel, outcome: 'sent' });
    // The person has the message now, so nothing below may count as a failed send. If this
    // record were lost to a database blip, the message would go again once the database is
    // back: keep trying while we hold the person.
    const sentAt = now();
    await persistWhileUnavailable(
      () =>
        settle(
          entry,
          queued,
          { status: 'sent', sentAt, platformMessageId: result.platformMessageId },
          { at, ok: true, platformMessageId: result.platformMessageId },
        ),
      {
        patienceMs: leaseMs / 2,
        onRetry: (err, attempt) =>
          outboxLog.warn({ err: describeError(err), contactKey, key: entry.key, attempt }, 'sent, but the database is away; recording it again'),
      },
    );
    return NEXT;
  }

  /** The person's contact as far as sending needs it, read once per serve and only when something is to be sent. */
  async function lastInboundOf(contactKey: string): Promise<KnownContact> {
    return (await ContactModel.findOne({ _id: contactKey }, { lastInboundAt: 1 }).lean()) ?? {};
  }

  async function deliverDue(contactKey: string, known?: KnownContact): Promise<boolean> {
    const queued = await OutboxMessageModel.find({ contactKey }).sort({ seq: 1 }).lean<(PendingEntry & { nextAttemptAt: Date })[]>();
    let contact = known;
    for (const entry of queued) {
      if (entry.nextAttemptAt > now()) return false;
      contact ??= await lastInboundOf(contactKey);
      const outcome = await deliverOne(entry, true, contact.lastInboundAt ?? undefined);
      if (!outcome.next) {
        await OutboxMessageModel.updateOne({ _id: entry._id }, { $set: { nextAttemptAt: outcome.retryAt }, $push: { attempts: outcome.attempt } });
        return false;
      }
    }
    return true;
  }

  async function sendReplies(replies: readonly StoredMessage[], known?: KnownContact): Promise<void> {
    let contact = known;
    for (const [i, reply] of replies.entries()) {
      contact ??= await lastInboundOf(reply.contactKey);
      const outcome = await deliverOne(reply, false, contact.lastInboundAt ?? undefined);
      if (outcome.next) continue;
      // Only now does the reply need a queue entry: it and those after it wait for the outbox
      // worker. No wake-up: the first is due later, and the worker's poll finds it then.
      const [first, ...rest] = replies.slice(i);
      const entries = [{ ...first!, attempts: [...first!.attempts, outcome.attempt], nextAttemptAt: outcome.retryAt }, ...rest];
      await queueStoredMessages(entries, () => {}, now());
      return;
    }
  }

  return { deliverDue, sendReplies };
}
