import mongoose from 'mongoose';
import { isDuplicateKey } from '../db/errors.js';
import { withLease } from '../db/lease.js';

/** How long one instance may hold a migration before another may take it over. */
const MIGRATION_LEASE_MS = 10 * 60_000;

/**
 * Runs the migration `marker` unless its marker document says it is done, then writes the
 * marker. Instances started together take turns under a lease: one runs it, the others wait
 * for its marker. Returns what the run returned, or null when it was done already. `run`
 * must be idempotent and safe to interrupt: a run cut short is run again at the next start.
 */
export async function runMigrationOnce<T>(marker: string, run: () => Promise<T>): Promise<T | null> {
  const markers = mongoose.connection.collection<{ _id: string; doneAt: Date }>('migrations');
  for (;;) {
    if (await markers.findOne({ _id: marker })) return null;
    const turn = await withLease(`migration:${marker}`, MIGRATION_LEASE_MS, async () => {
      if (await markers.findOne({ _id: marker })) return null;
      const result = await run();
      try {
        await markers.insertOne({ _id: marker, doneAt: new Date() });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
      return result;
    });
    if (turn.ran) return turn.value;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
