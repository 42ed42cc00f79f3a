import { createHash } from 'node:crypto';
import { ContentError, loadContent } from '../content/index.js';
import { withLease } from '../db/lease.js';
import { log } from '../log.js';
import { itemsFromFiles, readContentFiles, type ItemValue } from './files.js';
import {
  FILES_PUBLISHER,
  insertNewItems,
  markPublished,
  publishItems,
  readItemsForSync,
  readRevision,
  recordFileConflict,
  recordFileHash,
  type ItemChange,
} from './store.js';

const syncLog = log.child({ module: 'content-sync' });
const SYNC_LEASE = 'content-sync';

/** What a start-up sync did, for the log and for tests. */
export interface SyncReport {
  /** Items new in the files, added. */
  added: string[];
  /** Items changed in the files and untouched in the console since, updated. */
  updated: string[];
  /** Items changed in the files but edited in the console since: the console's version is kept. */
  conflicts: string[];
  /** False when another instance was syncing (this one waited for it instead). */
  ran: boolean;
}

function hashOf(json: string): string {
  return createHash('sha256').update(json).digest('hex');
}

/**
 * Brings the content files into the database at start, under a lease so one instance does it:
 *
 * - a new installation (empty database) takes every item from the files;
 * - an item new in the files is added; an item whose file value changed since it was last taken
 *   is updated from the files, as a new version by "files", if nobody edited it in the console
 *   since; otherwise the console's version stays published and the item is marked with a file
 *   conflict that editors see;
 * - items the files no longer have, and items created in the console, stay.
 *
 * Invalid files are refused (`ContentError`) on a new installation; with content already in the
 * database they are skipped with an error in the log, and the service runs on the database's content.
 */
export async function syncContentFromFiles(dir: string, options: { waitMs?: number } = {}): Promise<SyncReport> {
  const result = await withLease(SYNC_LEASE, 120_000, () => syncUnderLease(dir));
  if (result.ran) return result.value;
  // Another instance is syncing: wait until it published, so this one starts on the same content.
  const deadline = Date.now() + (options.waitMs ?? 60_000);
  while ((await readRevision()) === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  return { added: [], updated: [], conflicts: [], ran: false };
}

async function syncUnderLease(dir: string): Promise<SyncReport> {
  const known = await readItemsForSync();
  try {
    loadContent(dir);
  } catch (err) {
    if (!(err instanceof ContentError) || known.size === 0) throw err;
    syncLog.error(
      { dir, problems: err.problems.length, err: err.message },
      'content files are invalid; they were not taken, the published content in the database stays',
    );
    return { added: [], updated: [], conflicts: [], ran: true };
  }
  const items = itemsFromFiles(readContentFiles(dir));
  const fresh: (ItemValue & { fileHash: string })[] = [];
  const changes: ItemChange[] = [];
  const report: SyncReport = { added: [], updated: [], conflicts: [], ran: true };
  for (const item of items) {
    const json = JSON.stringify(item.value);
    const fileHash = hashOf(json);
    const doc = known.get(item.id);
    if (!doc) {
      fresh.push({ ...item, fileHash });
      report.added.push(item.id);
    } else if (doc.fileHash === fileHash) {
      continue;
    } else if (doc.json === json) {
      await recordFileHash(item.id, fileHash);
    } else if (doc.json !== null && doc.fileHash && hashOf(doc.json) === doc.fileHash) {
      changes.push({ id: item.id, kind: item.kind, key: item.key, value: item.value, fileHash });
      report.updated.push(item.id);
    } else if (doc.fileConflict?.hash !== fileHash) {
      await recordFileConflict(item.id, fileHash, json);
      report.conflicts.push(item.id);
    }
  }
  await insertNewItems(fresh, FILES_PUBLISHER, 'files');
  await publishItems(changes, FILES_PUBLISHER, 'files');
  if (fresh.length > 0 || changes.length > 0 || (await readRevision()) === undefined) await markPublished(FILES_PUBLISHER);
  if (report.added.length + report.updated.length + report.conflicts.length > 0) {
    syncLog.info({ dir, added: report.added.length, updated: report.updated.length, conflicts: report.conflicts }, 'content files taken into the database');
  }
  if (report.conflicts.length > 0) {
    syncLog.warn(
      { conflicts: report.conflicts },
      'content files changed items that were edited in the console; the console versions stay published (see the content page)',
    );
  }
  return report;
}
