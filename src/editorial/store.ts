import { randomUUID } from 'node:crypto';
import { isDuplicateKey } from '../db/connect.js';
import { ContentItemModel, type ContentSource } from '../db/models/content-item.js';
import { ContentRevisionModel } from '../db/models/content-revision.js';
import { ContentVersionModel } from '../db/models/content-version.js';
import { AppError } from '../errors.js';
import type { ItemKind, ItemValue } from './files.js';

/** Who publishes: a member of staff, or the content files / an import (`by` is then `files` or `import`). */
export interface Publisher {
  username: string;
  displayName: string;
}

/** The content files, as the publisher of what they brought in. */
export const FILES_PUBLISHER: Publisher = { username: 'files', displayName: 'Tệp nội dung (content/)' };

/** One change to publish: a new value for an item, or `null` to remove it. */
export interface ItemChange {
  id: string;
  kind: ItemKind;
  key: string;
  /** Place in its file; kept from the published item when absent (new items go last). */
  order?: number;
  value: Record<string, unknown> | null;
  /** Set when the value comes from the content files: the hash of the file value (clears a file conflict). */
  fileHash?: string;
}

/** A published item as the console shows it. */
export interface PublishedItem extends ItemValue {
  version: number;
  publishedAt: Date;
  publishedBy: string;
  history: { version: number; at: Date; by: string; byName: string; source: ContentSource; removed: boolean }[];
  fileConflict?: { json: string; at: Date };
}

/** Two people published the same item at the same moment; the second is asked to try again. */
class ContentConflictError extends AppError {
  constructor(id: string) {
    super('content_conflict', `Nội dung ${id} vừa được người khác xuất bản; hãy tải lại trang và thử lại.`, { status: 409 });
  }
}

interface ItemDoc {
  _id: string;
  kind: string;
  key: string;
  order: number;
  json: string | null;
  version: number;
  publishedAt: Date;
  publishedBy: string;
  history?: PublishedItem['history'];
  fileConflict?: { json?: string | null; at?: Date | null } | null;
}

function toPublished(doc: ItemDoc): PublishedItem | undefined {
  if (doc.json === null) return undefined;
  return {
    id: doc._id,
    kind: doc.kind as ItemKind,
    key: doc.key,
    order: doc.order,
    value: JSON.parse(doc.json) as Record<string, unknown>,
    version: doc.version,
    publishedAt: doc.publishedAt,
    publishedBy: doc.publishedBy,
    history: doc.history ?? [],
    fileConflict: doc.fileConflict?.json && doc.fileConflict.at ? { json: doc.fileConflict.json, at: doc.fileConflict.at } : undefined,
  };
}

/** Every published item (removed ones left out). Reads the whole collection: it is the content, a few hundred documents. */
export async function readPublishedItems(): Promise<PublishedItem[]> {
  const docs = (await ContentItemModel.find({}).lean()) as ItemDoc[];
  return docs.flatMap((d) => toPublished(d) ?? []);
}

/** One published item by id; undefined when there is none or it was removed. */
export async function readPublishedItem(id: string): Promise<PublishedItem | undefined> {
  const doc = (await ContentItemModel.findById(id).lean()) as ItemDoc | null;
  return doc ? toPublished(doc) : undefined;
}

/** The value of one earlier version of an item (null when that version removed it). */
export async function readVersion(id: string, version: number): Promise<{ value: Record<string, unknown> | null; at: Date; byName: string } | undefined> {
  const doc = await ContentVersionModel.findById(`${id}#${version}`).lean();
  if (!doc) return undefined;
  return { value: doc.json === null || doc.json === undefined ? null : (JSON.parse(doc.json) as Record<string, unknown>), at: doc.at, byName: doc.byName };
}

/**
 * Publishes changes: each item gets its next version, recorded in `content_versions` (who, when,
 * how) before the item itself changes, so a version number is claimed once even when two
 * instances publish the same item at once (the second gets {@link ContentConflictError}).
 * Does not change the revision; call {@link markPublished} once after a batch.
 */
export async function publishItems(changes: readonly ItemChange[], by: Publisher, source: ContentSource, now = new Date()): Promise<void> {
  for (const change of changes) {
    const current = (await ContentItemModel.findById(change.id).lean()) as ItemDoc | null;
    const version = (current?.version ?? 0) + 1;
    const json = change.value === null ? null : JSON.stringify(change.value);
    try {
      await ContentVersionModel.create({
        _id: `${change.id}#${version}`,
        item: change.id,
        version,
        json,
        at: now,
        by: by.username,
        byName: by.displayName,
        source,
      });
    } catch (err) {
      if (isDuplicateKey(err)) throw new ContentConflictError(change.id);
      throw err;
    }
    const order = change.order ?? current?.order ?? (await nextOrder(change.kind));
    await ContentItemModel.updateOne(
      { _id: change.id },
      {
        $set: {
          kind: change.kind,
          key: change.key,
          order,
          json,
          version,
          publishedAt: now,
          publishedBy: by.username,
          ...(change.fileHash ? { fileHash: change.fileHash } : {}),
        },
        ...(change.fileHash ? { $unset: { fileConflict: 1 } } : {}),
        $push: { history: { version, at: now, by: by.username, byName: by.displayName, source, removed: json === null } },
      },
      { upsert: true },
    );
  }
}

/**
 * Inserts items that do not exist yet, each as version 1, in two writes (a new installation's
 * seed). Fails on the first item that exists; the caller holds the content-sync lease.
 */
export async function insertNewItems(
  items: readonly (ItemValue & { fileHash?: string })[],
  by: Publisher,
  source: ContentSource,
  now = new Date(),
): Promise<void> {
  if (items.length === 0) return;
  const history = { version: 1, at: now, by: by.username, byName: by.displayName, source, removed: false };
  await ContentVersionModel.insertMany(
    items.map((i) => ({ _id: `${i.id}#1`, item: i.id, version: 1, json: JSON.stringify(i.value), at: now, by: by.username, byName: by.displayName, source })),
  );
  await ContentItemModel.insertMany(
    items.map((i) => ({
      _id: i.id,
      kind: i.kind,
      key: i.key,
      order: i.order,
      json: JSON.stringify(i.value),
      version: 1,
      publishedAt: now,
      publishedBy: by.username,
      history: [history],
      ...(i.fileHash ? { fileHash: i.fileHash } : {}),
    })),
  );
}

/** Records that the files carry a newer value of an item that was edited in the console since. */
export async function recordFileConflict(id: string, fileHash: string, json: string, now = new Date()): Promise<void> {
  await ContentItemModel.updateOne({ _id: id }, { $set: { fileConflict: { hash: fileHash, json, at: now } } });
}

/** Notes that the item already holds the files' value (someone made the same change in both places). */
export async function recordFileHash(id: string, fileHash: string): Promise<void> {
  await ContentItemModel.updateOne({ _id: id }, { $set: { fileHash }, $unset: { fileConflict: 1 } });
}

/** Every item document with its file bookkeeping, for the start-up sync. */
export async function readItemsForSync(): Promise<
  Map<string, { json: string | null; fileHash?: string | null; fileConflict?: { hash?: string | null } | null }>
> {
  const docs = await ContentItemModel.find({}, { json: 1, fileHash: 1, fileConflict: 1 }).lean();
  return new Map(docs.map((d) => [String(d._id), { json: d.json ?? null, fileHash: d.fileHash, fileConflict: d.fileConflict }]));
}

async function nextOrder(kind: ItemKind): Promise<number> {
  const last = await ContentItemModel.find({ kind }, { order: 1 }).sort({ order: -1 }).limit(1).lean();
  return (last[0]?.order ?? -1) + 1;
}

/** Tells every instance that the published content changed (a new token in `content_revision`). */
export async function markPublished(by: Publisher, now = new Date()): Promise<string> {
  const token = randomUUID();
  await ContentRevisionModel.updateOne({ _id: 'published' }, { $set: { token, at: now, by: by.username } }, { upsert: true });
  return token;
}

/** The current publication token; undefined before the first publication. Read by `_id` only. */
export async function readRevision(): Promise<string | undefined> {
  const doc = await ContentRevisionModel.findById('published', { token: 1 }).lean();
  return doc?.token;
}
