import { isDuplicateKey } from './errors.js';

/** What an unordered insert reported: the indexes that were duplicates, or the first other failure. */
function insertOutcome(err: unknown, count: number): { duplicates: Set<number> } | { failure: unknown } {
  // insertMany with ordered:false writes every non-duplicate and reports the failures by index.
  const writeErrors = (err as { writeErrors?: { index?: number; code?: number; err?: { index?: number; code?: number } }[] }).writeErrors;
  if (!Array.isArray(writeErrors) || writeErrors.length === 0) return isDuplicateKey(err) && count === 1 ? { duplicates: new Set([0]) } : { failure: err };
  const duplicates = new Set<number>();
  for (const e of writeErrors) {
    const index = e.index ?? e.err?.index;
    const code = e.code ?? e.err?.code;
    // Anything but a duplicate (or a failure we cannot place) fails the whole insert.
    if (index === undefined || code !== 11000) return { failure: err };
    duplicates.add(index);
  }
  return { duplicates };
}

/** The one part of a mongoose model used here. */
interface InsertsMany {
  insertMany(docs: object[], options: { ordered: false; lean: true }): Promise<unknown>;
}

/**
 * Inserts `docs` with one unordered command, as they are (no mongoose documents, defaults or
 * validation: the caller builds complete documents). Resolves with the indexes whose `_id`
 * (or other unique key) was already stored; every other failure is thrown.
 */
export async function insertAll(model: InsertsMany, docs: object[]): Promise<Set<number>> {
  if (docs.length === 0) return new Set();
  try {
    await model.insertMany(docs, { ordered: false, lean: true });
    return new Set();
  } catch (err) {
    const outcome = insertOutcome(err, docs.length);
    if ('failure' in outcome) throw outcome.failure;
    return outcome.duplicates;
  }
}
