import type { ProjectionType } from 'mongoose';

/** What this needs of a mongoose model: any model of documents keyed by a string `_id` fits. */
interface FindsById {
  findById(id: string, projection?: ProjectionType<never>): { lean<R>(): PromiseLike<R | null> };
}

/**
 * The documents with these `_id`s, found with one `_id` lookup each (in parallel), in no
 * particular order; missing ones are left out. FerretDB on SQLite finds a document without
 * reading the whole collection only for a filter that is `_id` equality alone, so this is
 * how every lookup of many known documents is made (an `$in` filter reads them all).
 */
export async function findByIds<T>(model: FindsById, ids: readonly string[], projection?: ProjectionType<never>): Promise<T[]> {
  const unique = [...new Set(ids)];
  const found = await Promise.all(unique.map((id) => model.findById(id, projection).lean<T>()));
  return found.filter((doc): doc is NonNullable<typeof doc> => doc !== null);
}
