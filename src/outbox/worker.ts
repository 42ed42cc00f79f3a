import { OutboxMessageModel } from '../db/models/outbox-message.js';
import { KeyedQueueWorker } from '../workers/keyed-queue-worker.js';
import type { OutboxDelivery } from './deliver.js';

export interface OutboxWorkerOptions {
  /** Sends a person's due messages (shared with the inbox worker, which sends a turn's replies). */
  delivery: OutboxDelivery;
  pollMs: number;
  concurrency?: number;
  /** While this answers true, one person at a time: the webhooks waiting to be stored go first. */
  holdBackWhile?: () => boolean;
  leaseMs: number;
  now?: () => Date;
}

/**
 * Sends queued messages, in order per person, under the person's lease, so it is the only
 * writer of a queued message at the time (FerretDB does not isolate concurrent updates of one
 * document). A turn's replies are sent by the inbox worker right after the turn, under the same
 * lease; this worker sends everything else (staff answers, news, reminders) and what was left
 * behind: retries, and replies of a turn that stopped before sending them.
 */
export function createOutboxWorker(options: OutboxWorkerOptions): KeyedQueueWorker {
  const now = options.now ?? (() => new Date());

  async function findReadyKeys(limit: number, dueBy = now()): Promise<string[]> {
    const due = await OutboxMessageModel.find({ nextAttemptAt: { $lte: dueBy } }, { contactKey: 1 })
      .sort({ seq: 1 })
      .limit(limit * 4)
      .lean();
    return [...new Set(due.map((d) => d.contactKey))].slice(0, limit);
  }

  return new KeyedQueueWorker({
    name: 'outbox',
    findReadyKeys,
    processKey: async (contactKey) => {
      await options.delivery.deliverDue(contactKey);
    },
    concurrency: options.concurrency ?? 8,
    holdBackWhile: options.holdBackWhile,
    pollMs: options.pollMs,
    leaseMs: options.leaseMs,
  });
}
