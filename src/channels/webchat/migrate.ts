import mongoose from 'mongoose';
import type { Logger } from '../../log.js';
import { isDuplicateKey } from '../../db/connect.js';
import { WebChatMessageModel } from '../../db/models/webchat-message.js';
import { feedLineId } from './feed.js';

/** Where feed lines were kept before they were keyed by `<visitorId>#<seq>`. */
export const LEGACY_FEED_COLLECTION = 'webchat_messages';

const BATCH = 500;

interface LegacyLine {
  _id: string;
  visitorId: string;
  seq: number;
  author: string;
  clientMessageId?: string | null;
  at: Date;
  [field: string]: unknown;
}

/** Inserts documents, leaving out those already there (a migration run before, or cut short). */
async function insertMissing(docs: object[]): Promise<void> {
  if (docs.length === 0) return;
  try {
    await WebChatMessageModel.collection.insertMany(docs, { ordered: false });
  } catch (err) {
    const writeErrors = (err as { writeErrors?: unknown[] }).writeErrors;
    const onlyDuplicates =
      isDuplicateKey(err) ||
      (Array.isArray(writeErrors) && writeErrors.length > 0 && writeErrors.every((e) => isDuplicateKey((e as { err?: unknown }).err ?? e)));
    if (!onlyDuplicates) throw err;
  }
}

/**
 * Moves feed lines from the old collection into the `_id`-keyed one, so existing visitors keep
 * their conversation: each line becomes `<visitorId>#<seq>`, and each of a visitor's own
 * messages also gets its receipt. A line is deleted from the old collection only after it is
 * in the new one, so a run cut short loses nothing and the next start finishes it; run again
 * it finds nothing to do. Returns how many lines were moved.
 */
export async function migrateLegacyFeed(logger: Logger): Promise<number> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('migrateLegacyFeed needs an open database connection');
  const legacy = db.collection<LegacyLine>(LEGACY_FEED_COLLECTION);
  let moved = 0;
  for (;;) {
    const batch = await legacy.find({}).limit(BATCH).toArray();
    if (batch.length === 0) break;
    const docs: object[] = [];
    for (const { _id, ...line } of batch) {
      docs.push({ ...line, _id: feedLineId(line.visitorId, line.seq) });
      if (line.author === 'visitor' && line.clientMessageId) {
        docs.push({
          _id: `in:${line.visitorId}:${line.clientMessageId}`,
          visitorId: line.visitorId,
          seq: line.seq,
          author: 'visitor',
          receipt: true,
          at: line.at,
        });
      }
    }
    await insertMissing(docs);
    await legacy.deleteMany({ _id: { $in: batch.map((d) => d._id) } });
    moved += batch.length;
  }
  if (moved > 0) logger.info({ moved }, 'web chat feed lines moved to the _id-keyed layout');
  return moved;
}
