import { InboxEventModel, inboundEventKey } from '../db/models/inbox-event.js';
import { InboxRecordModel } from '../db/models/inbox-record.js';
import { contactKeyOf } from '../domain/vocabulary.js';
import { isDatabaseUnavailable } from '../db/connect.js';
import { insertAllAtOnce } from '../db/batched-writes.js';
import { GroupQueue } from '../db/group-queue.js';
import type { InboundEvent } from '../channels/types.js';
import { DatabaseUnavailableError, describeError } from '../errors.js';
import { log } from '../log.js';
import { storableRaw } from './storable.js';
import { waitAtMost } from '../timeout.js';

const storeLog = log.child({ module: 'inbox' });

export interface StoreResult {
  /** Events stored for the first time. */
  stored: number;
  /** Events already in the inbox (a redelivery): acknowledged, not processed again. */
  duplicates: number;
}

export interface StoreOptions {
  now?: Date;
  /**
   * How long an event waits before its turn, so that messages of one person that arrive out
   * of order within this window (parallel webhook deliveries) are still handled in order.
   */
  reorderWindowMs?: number;
}

/**
 * Stores verified inbound events durably, once per channel + platform event id (ever: the
 * event's record in `inbox_history` stays after it is handled). Resolves only
 * when every new event is written; throws (and stores nothing more) when the database is
 * unavailable, so the webhook can answer non-2xx and the platform redelivers.
 * Calls made while an earlier write is in flight are written together with one insert
 * (see {@link GroupCommit}); each still gets its own result.
 */
export async function storeInboundEvents(events: InboundEvent[], options: StoreOptions = {}): Promise<StoreResult> {
  const now = options.now ?? new Date();
  const readyAt = new Date(now.getTime() + (options.reorderWindowMs ?? 0));
  if (events.length === 0) return { stored: 0, duplicates: 0 };
  const docs = events.map((event) => ({
    _id: inboundEventKey(event.channel, event.eventId),
    channel: event.channel,
    eventId: event.eventId,
    contactKey: contactKeyOf(event.channel, event.userId),
    event: { ...event, raw: storableRaw(event.raw) },
    occurredAt: new Date(event.timestamp),
    receivedAt: now,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: readyAt,
  }));
  return new Promise<StoreResult>((resolve, reject) => groupCommit.add({ docs, resolve, reject }));
}

type InboxDoc = Record<string, unknown>;

interface Waiting {
  docs: InboxDoc[];
  resolve(result: StoreResult): void;
  reject(err: unknown): void;
}

/** Most documents written by one insert; a burst larger than this is written in several. */
const MAX_GROUP_DOCS = 500;
/**
 * How long one insert may hold up the webhooks queued behind it. Past this its callers are
 * answered "unavailable" (the platform delivers again; if the insert did land, the redelivery
 * is a duplicate and is acknowledged) and the next group is written, so one stuck connection
 * cannot stall every webhook.
 */
const GROUP_WRITE_TIMEOUT_MS = 5_000;

/**
 * Group commit: while one insert is on its way to the database, the webhooks that arrive
 * meanwhile wait and are then written together in one `insertMany`. A lone request is
 * written at once (no added wait); under load, one round trip and one database transaction
 * serve many requests. Each caller still learns exactly what happened to its own events.
 */
const groupCommit = new GroupQueue<Waiting>({ maxGroupSize: MAX_GROUP_DOCS, sizeOf: (w) => w.docs.length, writeGroup });

/** True while webhooks of this process are being stored or wait to be: the workers then hold back. */
export function webhooksWaiting(): boolean {
  return groupCommit.busy();
}

/**
 * Stores the group in two steps: the records first (their unique `_id` tells a redelivery
 * apart), then the inbox entries the worker takes. A redelivered event whose record is still
 * `pending` (its first store stopped between the two steps, or it is being handled now) is
 * queued again, marked so the worker checks its record first. Returns, per document, whether
 * it was new.
 */
async function storeGroup(all: InboxDoc[]): Promise<boolean[]> {
  const duplicates = await insertAllAtOnce(
    InboxRecordModel,
    all.map(({ nextAttemptAt: _due, ...record }) => record),
  );
  const isNew = all.map((_, i) => !duplicates.has(i));
  const redelivered = all.filter((_, i) => duplicates.has(i));
  let requeue: InboxDoc[] = [];
  if (redelivered.length > 0) {
    // One `_id` lookup each: FerretDB pushes nothing else down, and the records are the history.
    const records = await Promise.all(redelivered.map((d) => InboxRecordModel.findById(d._id as string, { status: 1 }).lean()));
    requeue = redelivered.filter((_, i) => records[i]?.status === 'pending').map((d) => ({ ...d, recovered: true }));
  }
  // A duplicate entry means the event is still queued: nothing more to do for it.
  await insertAllAtOnce(InboxEventModel, [...all.filter((_, i) => isNew[i]), ...requeue]);
  return isNew;
}

/** Writes the group's documents and settles each caller with its own share. */
async function writeGroup(group: Waiting[]): Promise<void> {
  const all = group.flatMap((w) => w.docs);
  const write = storeGroup(all);
  const outcome = await waitAtMost(
    write.then(
      () => undefined,
      () => undefined,
    ),
    GROUP_WRITE_TIMEOUT_MS,
  );
  if (!outcome.done) {
    const err = new DatabaseUnavailableError(`storing ${all.length} inbound event(s) took longer than ${GROUP_WRITE_TIMEOUT_MS} ms`);
    for (const w of group) w.reject(err);
    // The insert still owns a connection; its late outcome only matters to the logs.
    write.then(
      () =>
        storeLog.warn(
          { events: all.length },
          'a slow inbox insert finished after its webhooks were answered 503; redeliveries will be acknowledged as duplicates',
        ),
      (late: unknown) => storeLog.warn({ err: late, events: all.length }, 'a slow inbox insert failed after its webhooks were answered 503'),
    );
    return;
  }
  let isNew: boolean[];
  try {
    isNew = await write;
  } catch (err) {
    for (const w of group) w.reject(typed(err));
    return;
  }
  let first = 0;
  for (const w of group) {
    const own = isNew.slice(first, first + w.docs.length);
    const stored = own.filter(Boolean).length;
    w.resolve({ stored, duplicates: own.length - stored });
    first += w.docs.length;
  }
}

/** A failed insert as the webhook should see it: an outage is a {@link DatabaseUnavailableError} (503, delivered again). */
function typed(err: unknown): unknown {
  return isDatabaseUnavailable(err) ? new DatabaseUnavailableError(`storing inbound events failed: ${describeError(err)}`, err) : err;
}
