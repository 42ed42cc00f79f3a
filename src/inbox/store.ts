import { InboxEventModel } from '../db/models/inbox-event.js';
import { contactKeyOf } from '../db/models/shared.js';
import { isDuplicateKey } from '../db/connect.js';
import type { InboundEvent } from '../channels/types.js';

export interface StoreResult {
  /** Events stored for the first time. */
  stored: number;
  /** Events already in the inbox (a redelivery): acknowledged, not processed again. */
  duplicates: number;
}

/**
 * Stores verified inbound events durably, once per channel + platform event id. Resolves only
 * when every new event is written; throws (and stores nothing more) when the database is
 * unavailable, so the webhook can answer non-2xx and the platform redelivers.
 */
export interface StoreOptions {
  now?: Date;
  /**
   * How long an event waits before its turn, so that messages of one person that arrive out
   * of order within this window (parallel webhook deliveries) are still handled in order.
   */
  reorderWindowMs?: number;
}

export async function storeInboundEvents(events: InboundEvent[], options: StoreOptions = {}): Promise<StoreResult> {
  const now = options.now ?? new Date();
  const readyAt = new Date(now.getTime() + (options.reorderWindowMs ?? 0));
  if (events.length === 0) return { stored: 0, duplicates: 0 };
  const docs = events.map((event) => ({
    channel: event.channel,
    eventId: event.eventId,
    contactKey: contactKeyOf(event.channel, event.userId),
    event,
    occurredAt: new Date(event.timestamp),
    receivedAt: now,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: readyAt,
  }));
  try {
    const inserted = await InboxEventModel.insertMany(docs, { ordered: false, lean: true });
    return { stored: inserted.length, duplicates: 0 };
  } catch (err) {
    // insertMany with ordered:false writes every non-duplicate and reports the duplicates.
    const writeErrors = (err as { writeErrors?: { code?: number; err?: { code?: number } }[] }).writeErrors;
    if (Array.isArray(writeErrors) && writeErrors.length > 0 && writeErrors.every((e) => (e.code ?? e.err?.code) === 11000)) {
      return { stored: docs.length - writeErrors.length, duplicates: writeErrors.length };
    }
    if (isDuplicateKey(err) && docs.length === 1) return { stored: 0, duplicates: 1 };
    throw err;
  }
}
