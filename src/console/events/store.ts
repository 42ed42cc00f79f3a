import { isDuplicateKey } from '../../db/connect.js';
import { ConsoleEventModel } from '../../db/models/console-event.js';
import type { LiveEvent } from './types.js';

/** Events older than this are swept. */
const CONSOLE_EVENT_TTL_MS = 24 * 3_600_000;

/**
 * Stores a live event for every instance's feed. `key` makes it idempotent: recording the
 * same key again (a retried turn) stores nothing and returns false.
 */
export async function recordLiveEvent(key: string, event: LiveEvent, now = new Date()): Promise<boolean> {
  const { type, ...data } = event;
  try {
    await ConsoleEventModel.create({
      _id: key,
      at: now,
      type,
      departmentCode: 'departmentCode' in event ? event.departmentCode : undefined,
      staffUsername: 'staffUsername' in event ? event.staffUsername : undefined,
      ticketId: 'ticketId' in event ? event.ticketId : undefined,
      contactKey: 'contactKey' in event ? event.contactKey : undefined,
      data,
    });
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

/** Removes events older than a day; returns how many. */
export async function sweepLiveEvents(now = new Date()): Promise<number> {
  const result = await ConsoleEventModel.deleteMany({ at: { $lt: new Date(now.getTime() - CONSOLE_EVENT_TTL_MS) } });
  return result.deletedCount;
}
