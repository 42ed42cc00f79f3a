import { withLease } from './lease.js';
import { CounterModel } from './models/counter.js';
import { TallyChangeModel, TallyModel } from './models/tally.js';
import { appendToLog, logEntryId, readLogAfter } from './numbered-log.js';

/** Counts by key. */
export type TallyCounts = Map<string, number>;

/** Changes read past a tally before a reader folds them into it. */
const FOLD_AFTER = 32;
const FOLD_LEASE_MS = 60_000;

/** The tally's change log and its counter: `tally:<name>`, apart from every other counter. */
const logName = (name: string): string => `tally:${name}`;

interface StoredTally {
  upTo: number;
  counts: string;
}

/** Changes waiting to be written together, and the write they will be. */
interface PendingChanges {
  deltas: Record<string, number>;
  written: Promise<void>;
}

/**
 * Per tally, the changes asked for while its previous write is in flight (written together
 * next), and that write, for the next batch to wait on. Per process, like the outbox sequence:
 * nothing is kept once a batch is written.
 */
const waitingChanges = new Map<string, PendingChanges>();
const writesInFlight = new Map<string, Promise<void>>();

function nonZero(deltas: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(deltas).filter(([, n]) => n !== 0));
}

/**
 * Moves counts of the tally `name` by `deltas` (key → +n or −n) with an insert into its
 * change log, numbered by unique `_id`: concurrent writers never lose each other's change,
 * even where `$inc` is not atomic (FerretDB). Keys whose delta is 0 are left out; nothing is
 * written when every delta is 0. Resolves once the change is stored. Changes asked for while
 * this process is writing the same tally are summed and written together after it, so many
 * people's first messages of a day cost one insert between them, not one each plus a retry for
 * every number two of them tried at once.
 */
export async function addToTally(name: string, deltas: Readonly<Record<string, number>>): Promise<void> {
  const moved = nonZero(deltas);
  if (Object.keys(moved).length === 0) return;
  let pending = waitingChanges.get(name);
  if (!pending) {
    const batch: Record<string, number> = {};
    const previous = writesInFlight.get(name) ?? Promise.resolve();
    const written = previous.then(async () => {
      // From here on, changes asked for join the next batch.
      waitingChanges.delete(name);
      const sum = nonZero(batch);
      if (Object.keys(sum).length > 0) await appendToLog(TallyChangeModel, logName(name), { deltas: sum });
    });
    // Only the order of writes is kept here; a failed write rejects its own callers, below.
    const done = written.then(
      () => undefined,
      () => undefined,
    );
    writesInFlight.set(name, done);
    void done.then(() => {
      if (writesInFlight.get(name) === done) writesInFlight.delete(name);
    });
    pending = { deltas: batch, written };
    waitingChanges.set(name, pending);
  }
  for (const [key, n] of Object.entries(moved)) pending.deltas[key] = (pending.deltas[key] ?? 0) + n;
  await pending.written;
}

function withChanges(
  stored: StoredTally | null,
  changes: readonly { n: number; doc: { deltas: Record<string, number> } }[],
): { upTo: number; counts: TallyCounts } {
  const counts: TallyCounts = new Map(Object.entries(stored ? (JSON.parse(stored.counts) as Record<string, number>) : {}));
  for (const { doc } of changes) {
    for (const [key, n] of Object.entries(doc.deltas)) {
      const total = (counts.get(key) ?? 0) + n;
      if (total === 0) counts.delete(key);
      else counts.set(key, total);
    }
  }
  return { upTo: changes.at(-1)?.n ?? stored?.upTo ?? 0, counts };
}

async function readStored(name: string): Promise<{ upTo: number; counts: TallyCounts; pending: number }> {
  const stored = await TallyModel.findById(name, { upTo: 1, counts: 1 }).lean<StoredTally>();
  const changes = await readLogAfter<{ deltas: Record<string, number> }>(TallyChangeModel, logName(name), stored?.upTo ?? 0);
  return { ...withChanges(stored, changes), pending: changes.length };
}

/**
 * Folds the tally's pending changes into it, then deletes them. One instance at a time (a
 * lease per tally); another instance folding the same tally already makes this a no-op.
 */
async function foldTally(name: string): Promise<void> {
  await withLease(`tally-fold:${name}`, FOLD_LEASE_MS, async () => {
    const before = (await TallyModel.findById(name, { upTo: 1 }).lean<{ upTo: number }>())?.upTo ?? 0;
    const { upTo, counts, pending } = await readStored(name);
    if (pending === 0) return;
    await TallyModel.replaceOne({ _id: name }, { upTo, counts: JSON.stringify(Object.fromEntries(counts)), foldedAt: new Date() }, { upsert: true });
    // The hint must not lag behind the folded numbers: a number deleted below it could be taken again.
    await CounterModel.updateOne({ _id: logName(name) }, { $max: { seq: upTo } }, { upsert: true });
    await Promise.all(Array.from({ length: upTo - before }, (_, i) => TallyChangeModel.deleteOne({ _id: logEntryId(logName(name), before + i + 1) })));
  });
}

/**
 * The counts of the tally `name` as they stand now (empty for a tally never written): the
 * folded counts and the changes after them, read by `_id`. A reader that finds many changes
 * folds them for the next one.
 */
export async function readTally(name: string): Promise<TallyCounts> {
  const { counts, pending } = await readStored(name);
  if (pending >= FOLD_AFTER) await foldTally(name);
  return counts;
}

/**
 * Sets the tally `name` to `counts`, counted afresh from the data it summarises; the changes
 * recorded before are dropped. For the start-up migration, while no writer moves the tally.
 */
export async function replaceTally(name: string, counts: ReadonlyMap<string, number>): Promise<void> {
  const hint = (await CounterModel.findById(logName(name)).lean())?.seq ?? 0;
  const stored = await TallyModel.findById(name, { upTo: 1 }).lean<{ upTo: number }>();
  const pending = await readLogAfter(TallyChangeModel, logName(name), stored?.upTo ?? 0);
  const upTo = Math.max(hint, pending.at(-1)?.n ?? 0, stored?.upTo ?? 0);
  const kept = [...counts].filter(([, n]) => n !== 0);
  await TallyModel.replaceOne({ _id: name }, { upTo, counts: JSON.stringify(Object.fromEntries(kept)), foldedAt: new Date() }, { upsert: true });
  await CounterModel.updateOne({ _id: logName(name) }, { $max: { seq: upTo } }, { upsert: true });
  await Promise.all(pending.map((p) => TallyChangeModel.deleteOne({ _id: logEntryId(logName(name), p.n) })));
}
