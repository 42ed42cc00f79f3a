import type { Model } from 'mongoose';
import { isDuplicateKey } from './errors.js';
import { CounterModel } from './models/counter.js';

/** How many entries of a log are read at once (in parallel, one `_id` lookup each). */
const READ_BATCH = 32;

/** `_id` of entry `n` of the log `name`. */
export function logEntryId(name: string, n: number): string {
  return `${name}#${n}`;
}

/**
 * Appends `doc` to the numbered log `name` (a collection holding `<name>#1`, `<name>#2`, …) and
 * returns its number. The insert itself claims the number under the unique `_id`, so two
 * writers never take one number, even where `$inc` is not atomic (FerretDB, docs/database.md),
 * and a number exists only once its entry is written: a log has no gaps. `counters.<name>`
 * keeps the highest number as a starting hint, which may lag.
 */
export async function appendToLog(model: Pick<Model<unknown>, 'collection'>, name: string, doc: Record<string, unknown>): Promise<number> {
  const hint = await CounterModel.findById(name).lean();
  let n = (hint?.seq ?? 0) + 1;
  for (;;) {
    try {
      await model.collection.insertOne({ ...doc, _id: logEntryId(name, n) } as never);
      break;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      n += 1;
    }
  }
  try {
    await CounterModel.updateOne({ _id: name, seq: { $lt: n } }, { $set: { seq: n } }, { upsert: true });
  } catch (err) {
    // Another writer moved the hint at the same moment; the hint only speeds up the next append.
    if (!isDuplicateKey(err)) throw err;
  }
  return n;
}

/**
 * The entries of the log `name` numbered `after + 1` onwards, in order, read by `_id`: the
 * first one, then those up to the counter's hint in parallel, then one by one up to the first
 * number not written (a log has no gaps; the hint may lag). A log with nothing new costs one
 * lookup.
 */
export async function readLogAfter<T>(model: Pick<Model<unknown>, 'collection'>, name: string, after: number): Promise<{ n: number; doc: T }[]> {
  const read = (n: number) => model.collection.findOne({ _id: logEntryId(name, n) } as never) as Promise<T | null>;
  const first = await read(after + 1);
  if (!first) return [];
  const entries: { n: number; doc: T }[] = [{ n: after + 1, doc: first }];
  const hint = (await CounterModel.findById(name).lean())?.seq ?? 0;
  for (let next = after + 2; next <= hint; next += READ_BATCH) {
    const numbers = Array.from({ length: Math.min(READ_BATCH, hint - next + 1) }, (_, i) => next + i);
    const docs = await Promise.all(numbers.map(read));
    for (let i = 0; i < docs.length; i += 1) {
      const doc = docs[i];
      if (!doc) return entries;
      entries.push({ n: numbers[i]!, doc });
    }
  }
  for (let n = Math.max(after + 1, hint) + 1; ; n += 1) {
    const doc = await read(n);
    if (!doc) return entries;
    entries.push({ n, doc });
  }
}
