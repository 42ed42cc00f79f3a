import type { mongo } from 'mongoose';
import { isDuplicateKey, RefusedWriteError } from './errors.js';
import { GroupQueue } from './group-queue.js';
import { DatabaseUnavailableError } from '../errors.js';
import { log } from '../log.js';
import { waitAtMost } from '../timeout.js';

type AnyBulkWriteOperation = mongo.AnyBulkWriteOperation;
type Document = mongo.Document;
type Filter = mongo.Filter<mongo.Document>;
type UpdateFilter = mongo.UpdateFilter<mongo.Document>;

/** The one part of a mongoose model used here: its driver collection. */
interface HasCollection {
  collection: {
    collectionName: string;
    bulkWrite(ops: AnyBulkWriteOperation[], options: { ordered: false }): Promise<unknown>;
  };
}

type Kind = 'insert' | 'update' | 'delete';

/** A filter that names its document by `_id` (a string key), with a condition on it or not. */
export type ByIdFilter = { _id: string } & Document;

/** Per write: nothing when it went through, or what the database said of it alone. */
type Outcome = RefusedWriteError | undefined;

interface Waiting {
  ops: AnyBulkWriteOperation[];
  resolve(outcomes: Outcome[]): void;
  reject(err: unknown): void;
}

/** Most writes sent in one command; more wait for the next. */
const MAX_BATCH = 500;
/**
 * How long one command may hold up the writes queued behind it. Past this its writers are told
 * the database is unavailable (they try again: every write here is idempotent by `_id`) and the
 * next command goes, so one command stuck on a dead connection cannot stall every later write.
 */
const COMMAND_TIMEOUT_MS = 10_000;

const batchLog = log.child({ module: 'batched-writes' });

/**
 * Group commit for one kind of write to one collection: while a command is on its way to the
 * database, the writes asked for meanwhile wait and then go together in one unordered command.
 * A lone write goes at once. On FerretDB, which runs one command at a time, eight updates by
 * `_id` in one command cost less than half of eight commands, eight inserts a tenth; the
 * service saves a round trip's driver work per write. Each caller still learns what became of
 * its own writes: one refused write (a duplicate key) does not fail the others, a command that
 * failed as a whole (the database away) fails every caller in it.
 */
class WriteBatcher {
  private readonly queue = new GroupQueue<Waiting>({ maxGroupSize: MAX_BATCH, sizeOf: (w) => w.ops.length, writeGroup: (group) => this.writeGroup(group) });

  constructor(private readonly target: HasCollection['collection']) {}

  write(ops: AnyBulkWriteOperation[]): Promise<Outcome[]> {
    return new Promise<Outcome[]>((resolve, reject) => this.queue.add({ ops, resolve, reject }));
  }

  /** Writes one group and settles each caller with its share; never rejects. */
  private async writeGroup(group: Waiting[]): Promise<void> {
    const ops = group.flatMap((w) => w.ops);
    let refused: Map<number, RefusedWriteError>;
    try {
      refused = await writeWithin(this.target, ops);
    } catch (err) {
      for (const w of group) w.reject(err);
      return;
    }
    let first = 0;
    for (const w of group) {
      w.resolve(w.ops.map((_, i) => refused.get(first + i)));
      first += w.ops.length;
    }
  }
}

/**
 * Sends `ops` (all of one kind) as one unordered command and returns the writes refused one by
 * one, by index. Throws when the command failed as a whole, or took longer than
 * {@link COMMAND_TIMEOUT_MS} (its late outcome is only logged).
 */
async function writeWithin(target: HasCollection['collection'], ops: AnyBulkWriteOperation[]): Promise<Map<number, RefusedWriteError>> {
  const collection = target.collectionName;
  const write = target.bulkWrite(ops, { ordered: false }).then(
    () => new Map<number, RefusedWriteError>(),
    (err: unknown) => {
      const placed = refusedWrites(err, ops.length, collection);
      if (!placed) throw err;
      return placed;
    },
  );
  const outcome = await waitAtMost(write, COMMAND_TIMEOUT_MS);
  if (outcome.done) return outcome.value;
  write.then(
    () => batchLog.warn({ collection, writes: ops.length }, 'a slow write finished after its writers were told the database is unavailable'),
    (late: unknown) =>
      batchLog.warn({ err: late, collection, writes: ops.length }, 'a slow write failed after its writers were told the database is unavailable'),
  );
  throw new DatabaseUnavailableError(`writing ${ops.length} document(s) to ${collection} took longer than ${COMMAND_TIMEOUT_MS} ms`);
}

/**
 * The writes the database refused one by one, by index, when the command itself went through
 * (every op here is of one kind, so the batch was one command); undefined when the failure
 * cannot be placed on single writes (the database away, a timeout): then none is known done.
 */
function refusedWrites(err: unknown, count: number, collection: string): Map<number, RefusedWriteError> | undefined {
  const writeErrors = (err as { writeErrors?: unknown }).writeErrors;
  const list = Array.isArray(writeErrors)
    ? (writeErrors as { index?: number; code?: number; errmsg?: string; err?: { index?: number; code?: number; errmsg?: string } }[])
    : [];
  if (list.length === 0) return count === 1 && isDuplicateKey(err) ? new Map([[0, new RefusedWriteError(11000, 'duplicate key', collection)]]) : undefined;
  const refused = new Map<number, RefusedWriteError>();
  for (const e of list) {
    const index = e.index ?? e.err?.index;
    if (index === undefined || index < 0 || index >= count) return undefined;
    refused.set(index, new RefusedWriteError(e.code ?? e.err?.code, e.errmsg ?? e.err?.errmsg ?? 'write refused', collection));
  }
  return refused;
}

/** The driver types `_id` as an ObjectId by default; the keys here are strings. */
function driverFilter(filter: ByIdFilter): Filter {
  return filter as unknown as Filter;
}

/** One batcher per collection and kind of write, for the life of the process (a handful in all). */
const batchers: Record<Kind, WeakMap<object, WriteBatcher>> = { insert: new WeakMap(), update: new WeakMap(), delete: new WeakMap() };

function batcherFor(model: HasCollection, kind: Kind): WriteBatcher {
  const target = model.collection;
  let batcher = batchers[kind].get(target);
  if (!batcher) {
    batcher = new WriteBatcher(target);
    batchers[kind].set(target, batcher);
  }
  return batcher;
}

/**
 * Inserts `docs` as they are (no mongoose documents, defaults or validation: the caller builds
 * complete documents), together with other inserts into the collection asked for at the same
 * time. Resolves with the indexes whose `_id` (or other unique key) was already stored; any
 * other refusal is thrown, after the rest of `docs` were written.
 */
export async function insertAll(model: HasCollection, docs: readonly Document[]): Promise<Set<number>> {
  if (docs.length === 0) return new Set();
  return duplicatesAmong(await batcherFor(model, 'insert').write(docs.map((document) => ({ insertOne: { document } }))));
}

/**
 * {@link insertAll} with a command of its own, for a caller that groups its writes itself (the
 * inbox's webhooks, whose group commit answers each webhook within its own time limit).
 */
export async function insertAllAtOnce(model: HasCollection, docs: readonly Document[]): Promise<Set<number>> {
  if (docs.length === 0) return new Set();
  const refused = await writeWithin(
    model.collection,
    docs.map((document) => ({ insertOne: { document } })),
  );
  return duplicatesAmong(docs.map((_, i) => refused.get(i)));
}

/** The indexes refused as duplicates; any other refusal is thrown. */
function duplicatesAmong(outcomes: readonly Outcome[]): Set<number> {
  const duplicates = new Set<number>();
  for (const [i, outcome] of outcomes.entries()) {
    if (!outcome) continue;
    if (!isDuplicateKey(outcome)) throw outcome;
    duplicates.add(i);
  }
  return duplicates;
}

/**
 * Updates the one document `filter` selects (an `_id`, or an `_id` and a condition), together
 * with other updates of the collection asked for at the same time. The update is sent as
 * written (no casting): give values of the stored types. Throws what the database refused.
 */
export async function updateOneWithOthers(model: HasCollection, filter: ByIdFilter, update: UpdateFilter, options: { upsert?: boolean } = {}): Promise<void> {
  const [outcome] = await batcherFor(model, 'update').write([
    { updateOne: { filter: driverFilter(filter), update, ...(options.upsert ? { upsert: true } : {}) } },
  ]);
  if (outcome) throw outcome;
}

/** Deletes the one document `filter` selects, together with other deletes from the collection asked for at the same time. */
export async function deleteOneWithOthers(model: HasCollection, filter: ByIdFilter): Promise<void> {
  const [outcome] = await batcherFor(model, 'delete').write([{ deleteOne: { filter: driverFilter(filter) } }]);
  if (outcome) throw outcome;
}
