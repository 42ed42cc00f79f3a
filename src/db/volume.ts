import mongoose from 'mongoose';

/**
 * Up to how much history the embedded database (FerretDB on SQLite) keeps the staff pages
 * usable, as measured by `npm run bench -- --only=growth` (docs/database.md): at 20,000 tickets
 * and 100,000 contacts every staff page answered within 0.51 s (p95) on a quiet 2-core machine,
 * while the same machine busy with other work took 2.3–3.4 s for the queue; half that volume
 * leaves room for such a machine. The queue grows with the open tickets and a year's month
 * copies. The bot's own replies do not slow down with history on either database.
 */
const EMBEDDED_DATABASE_LIMITS = { tickets: 10_000, contacts: 50_000 } as const;

export interface DatabaseVolume {
  counts: Record<keyof typeof EMBEDDED_DATABASE_LIMITS, number>;
  /** Collections past their limit, e.g. `tickets 12,345 (limit 10,000)`. */
  over: string[];
}

/** How much history is stored, against {@link EMBEDDED_DATABASE_LIMITS}. */
export async function measureDatabaseVolume(): Promise<DatabaseVolume> {
  const db = mongoose.connection.db!;
  const entries = await Promise.all(
    Object.keys(EMBEDDED_DATABASE_LIMITS).map(async (name) => [name, await db.collection(name).estimatedDocumentCount()] as const),
  );
  const counts = Object.fromEntries(entries) as DatabaseVolume['counts'];
  const over = entries
    .filter(([name, n]) => n > EMBEDDED_DATABASE_LIMITS[name as keyof typeof EMBEDDED_DATABASE_LIMITS])
    .map(
      ([name, n]) =>
        `${name} ${n.toLocaleString('en')} (limit ${EMBEDDED_DATABASE_LIMITS[name as keyof typeof EMBEDDED_DATABASE_LIMITS].toLocaleString('en')})`,
    );
  return { counts, over };
}
