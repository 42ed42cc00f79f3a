import { InputError, NotFoundError } from '../../errors.js';
import { findOutboxMessage } from '../../outbox/records.js';
import { answerOutboxKey } from './answer.js';

/** What happened to a queued message, as the console shows it. */
export interface DeliveryStatus {
  key: string;
  channel: string;
  /** `pending` (waiting or retrying), `sent`, `held` (the channel's window does not allow it), `failed`. */
  status: 'pending' | 'sent' | 'held' | 'failed';
  createdAt: Date;
  sentAt?: Date;
  attempts: number;
  lastAttemptAt?: Date;
  /** Error of the last failed attempt, as recorded by the outbox worker. */
  lastError?: string;
  /** Why it was held back or failed for good: a code and a sentence for staff. */
  outcome?: { code?: string; reason?: string };
  nextAttemptAt?: Date;
}

interface OutboxRow {
  key: string;
  channel: string;
  status?: string | null;
  createdAt: Date;
  sentAt?: Date | null;
  nextAttemptAt?: Date | null;
  attempts?: { at: Date; ok: boolean; code?: string | null; error?: string | null }[] | null;
  outcome?: { code?: string | null; reason?: string | null } | null;
}

function toStatus(row: OutboxRow): DeliveryStatus {
  const attempts = row.attempts ?? [];
  const last = attempts[attempts.length - 1];
  const lastFailure = [...attempts].reverse().find((a) => !a.ok);
  const status = (row.status ?? 'pending') as DeliveryStatus['status'];
  return {
    key: row.key,
    channel: row.channel,
    status,
    createdAt: row.createdAt,
    sentAt: row.sentAt ?? undefined,
    attempts: attempts.length,
    lastAttemptAt: last?.at,
    lastError: lastFailure ? [lastFailure.code, lastFailure.error].filter(Boolean).join(': ') || undefined : undefined,
    outcome:
      row.outcome && (row.outcome.code || row.outcome.reason) ? { code: row.outcome.code ?? undefined, reason: row.outcome.reason ?? undefined } : undefined,
    nextAttemptAt: status === 'pending' ? (row.nextAttemptAt ?? undefined) : undefined,
  };
}

const FIELDS = { key: 1, channel: 1, status: 1, createdAt: 1, sentAt: 1, nextAttemptAt: 1, attempts: 1, outcome: 1 } as const;

/**
 * The row of one message by key: its queue entry while it waits (with the attempts so far),
 * else its record. Two `_id` lookups, whatever the history holds.
 */
async function findRow(key: string): Promise<OutboxRow | null> {
  const found = await findOutboxMessage<OutboxRow>(key, FIELDS);
  if (!found) return null;
  return found.queued ? { ...found.row, status: 'pending' } : found.row;
}

/** The delivery state of one outbox entry (e.g. an answer's `outboxKey`), or {@link NotFoundError}. */
export async function getDeliveryStatus(outboxKey: string): Promise<DeliveryStatus> {
  if (typeof outboxKey !== 'string' || outboxKey.length === 0 || outboxKey.length > 300) throw new InputError('outbox key is not valid');
  const row = await findRow(outboxKey);
  if (!row) throw new NotFoundError('Message');
  return toStatus(row);
}

/**
 * Delivery states of every staff answer of a ticket, oldest first: answer `n` is queued under
 * `answerOutboxKey(ticket, n)`. Check access to the ticket first.
 */
export async function listAnswerDeliveries(ticket: { id: string; history: { action: string }[] }): Promise<DeliveryStatus[]> {
  const answers = ticket.history.filter((h) => h.action === 'answered').length;
  const rows = await Promise.all(Array.from({ length: answers }, (_, i) => findRow(answerOutboxKey(ticket.id, i + 1))));
  return rows.filter((row): row is OutboxRow => row !== null).map(toStatus);
}
