import { loadContent } from '../content/index.js';
import { filesFromItems, itemsFromFiles, readContentFiles, writeContentFiles, type ItemValue } from './files.js';
import { insertNewItems, markPublished, publishItems, readItemsForSync, readPublishedItems, type ItemChange, type Publisher } from './store.js';

/** The publisher of an import from files. */
const IMPORT_PUBLISHER: Publisher = { username: 'import', displayName: 'Nhập từ tệp' };

/**
 * Writes the published content as content files under `dir` (the same layout and format as
 * `content/`), ready to check with `npm run content:check <dir>`, keep or import elsewhere.
 * Returns the paths written, relative to `dir`.
 */
export async function exportContent(dir: string): Promise<string[]> {
  const files = filesFromItems(await readPublishedItems());
  writeContentFiles(dir, files);
  return [...files.keys()].sort();
}

/** What an import changed. */
export interface ImportReport {
  added: number;
  updated: number;
  removed: number;
}

/**
 * Makes the published content equal to the content files under `dir`: it checks them as
 * `content:check` does first (throwing `ContentError` and changing nothing when they fail),
 * then publishes every item that differs as a new version (source `import`), adds the new ones
 * and removes items the files do not have (their versions stay, so a removal can be undone).
 * Every instance picks the result up within seconds.
 */
export async function importContent(dir: string, by: Publisher = IMPORT_PUBLISHER): Promise<ImportReport> {
  loadContent(dir);
  const items = itemsFromFiles(readContentFiles(dir));
  const known = await readItemsForSync();
  // Imported items have no file hash: the content/ files at the next start do not overwrite them.
  const fresh: ItemValue[] = [];
  const changes: ItemChange[] = [];
  const report: ImportReport = { added: 0, updated: 0, removed: 0 };
  const wanted = new Set<string>();
  for (const item of items) {
    wanted.add(item.id);
    const json = JSON.stringify(item.value);
    const doc = known.get(item.id);
    if (!doc) {
      fresh.push(item);
      report.added += 1;
    } else if (doc.json !== json) {
      changes.push({ id: item.id, kind: item.kind, key: item.key, order: item.order, value: item.value });
      if (doc.json === null) report.added += 1;
      else report.updated += 1;
    }
  }
  for (const published of await readPublishedItems()) {
    if (wanted.has(published.id)) continue;
    changes.push({ id: published.id, kind: published.kind, key: published.key, value: null });
    report.removed += 1;
  }
  await insertNewItems(fresh, by, 'import');
  await publishItems(changes, by, 'import');
  await markPublished(by);
  return report;
}
