import { ContentDraftModel, type DraftStatus } from '../db/models/content-draft.js';
import type { StaffRole } from '../db/models/staff.js';
import { AppError, ForbiddenError, NotFoundError } from '../errors.js';
import { writeAudit, type StaffActor } from '../services/audit.js';
import { filesFromItems, itemId, type ContentFiles, type ItemKind, type ItemValue } from './files.js';
import type { ContentLibrary } from './library.js';
import { markPublished, publishItems, readPublishedItem, readVersion } from './store.js';
import { checkContentFiles } from './validate.js';
import type { Content } from '../content/index.js';
import { markUnansweredDone, markUnansweredDrafted, reopenUnanswered } from './unanswered.js';

/** Roles that may write drafts (admins always may). */
export const DRAFT_ROLES: readonly StaffRole[] = ['editor', 'lead'];
/** Roles that may publish and restore (admins always may): an editor drafts, a lead or admin publishes. */
const PUBLISH_ROLES: readonly StaffRole[] = ['lead'];

/** True when the member of staff may publish. */
export function canPublish(actor: { role: StaffRole }): boolean {
  return actor.role === 'admin' || PUBLISH_ROLES.includes(actor.role);
}

/** Where a draft came from, when not typed from scratch. */
export interface DraftOrigin {
  kind: 'unanswered' | 'ticket';
  ref: string;
}

/** A draft as the console shows it. */
export interface DraftRecord {
  id: string;
  kind: ItemKind;
  key: string;
  value: Record<string, unknown>;
  status: DraftStatus;
  baseVersion: number | null;
  createdAt: Date;
  createdBy: string;
  updatedAt: Date;
  updatedBy: string;
  updatedByName: string;
  origin?: DraftOrigin;
}

/** One problem of a draft: `field` is a path inside the item (`sources[0].document`) when it is the draft's own. */
export interface DraftProblem {
  /** True when the problem is in the drafted item itself; false when elsewhere (e.g. a document it cites). */
  own: boolean;
  field: string;
  file: string;
  message: string;
}

/** The draft breaks rules of `content:check`; the list says which and where. */
export class DraftProblemsError extends AppError {
  constructor(readonly problems: DraftProblem[]) {
    super('draft_invalid', `Bản nháp chưa đạt kiểm tra nội dung (${problems.length} lỗi).`, { status: 400 });
  }
}

function toRecord(doc: {
  _id: string;
  kind: string;
  key: string;
  json: string;
  status: string;
  baseVersion?: number | null;
  createdAt: Date;
  createdBy: string;
  updatedAt: Date;
  updatedBy: string;
  updatedByName: string;
  origin?: { kind?: string | null; ref?: string | null } | null;
}): DraftRecord {
  return {
    id: doc._id,
    kind: doc.kind as ItemKind,
    key: doc.key,
    value: JSON.parse(doc.json) as Record<string, unknown>,
    status: doc.status as DraftStatus,
    baseVersion: doc.baseVersion ?? null,
    createdAt: doc.createdAt,
    createdBy: doc.createdBy,
    updatedAt: doc.updatedAt,
    updatedBy: doc.updatedBy,
    updatedByName: doc.updatedByName,
    origin: doc.origin?.kind && doc.origin.ref ? { kind: doc.origin.kind as DraftOrigin['kind'], ref: doc.origin.ref } : undefined,
  };
}

function assertMayDraft(actor: StaffActor): void {
  if (actor.role !== 'admin' && !DRAFT_ROLES.includes(actor.role))
    throw new ForbiddenError('Chỉ biên tập viên, lãnh đạo phòng và quản trị được soạn nội dung.');
}

function assertMayPublish(actor: StaffActor): void {
  if (!canPublish(actor)) throw new ForbiddenError('Chỉ lãnh đạo phòng hoặc quản trị được xuất bản nội dung.');
}

/** Every draft, latest change first. The collection holds only drafts under way. */
export async function listDrafts(): Promise<DraftRecord[]> {
  const docs = await ContentDraftModel.find({}).lean();
  return docs.map((d) => toRecord(d as Parameters<typeof toRecord>[0])).sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime());
}

/** The draft of an item, if any. */
export async function readDraft(id: string): Promise<DraftRecord | undefined> {
  const doc = await ContentDraftModel.findById(id).lean();
  return doc ? toRecord(doc) : undefined;
}

/**
 * Saves a draft of one item (a new one or a change of a published one), status `draft`. Nothing
 * people see changes. The draft is saved even when it breaks rules, so no work is lost; its
 * problems are shown with it and it cannot be published until they are fixed.
 */
export async function saveDraft(
  input: { kind: ItemKind; key: string; value: Record<string, unknown>; origin?: DraftOrigin },
  actor: StaffActor,
  now = new Date(),
): Promise<DraftRecord> {
  assertMayDraft(actor);
  const id = itemId(input.kind, input.key);
  const published = await readPublishedItem(id);
  await ContentDraftModel.updateOne(
    { _id: id },
    {
      $set: {
        kind: input.kind,
        key: input.key,
        json: JSON.stringify(input.value),
        status: 'draft',
        updatedAt: now,
        updatedBy: actor.username,
        updatedByName: actor.displayName,
      },
      $setOnInsert: { baseVersion: published?.version ?? null, createdAt: now, createdBy: actor.username, ...(input.origin ? { origin: input.origin } : {}) },
    },
    { upsert: true },
  );
  if (input.origin?.kind === 'unanswered') await markUnansweredDrafted(input.origin.ref, id);
  return (await readDraft(id))!;
}

/**
 * An officer's answer proposed as a new FAQ entry: a draft any member of staff who may open the
 * ticket can start (editors then generalise the question before a lead publishes). Personal
 * details are removed by the caller. Returns the draft's id.
 */
export async function proposeDraft(
  input: { kind: ItemKind; key: string; value: Record<string, unknown>; origin: DraftOrigin },
  actor: StaffActor,
  now = new Date(),
): Promise<string> {
  const id = itemId(input.kind, input.key);
  await ContentDraftModel.create({
    _id: id,
    kind: input.kind,
    key: input.key,
    json: JSON.stringify(input.value),
    status: 'draft',
    baseVersion: null,
    createdAt: now,
    createdBy: actor.username,
    updatedAt: now,
    updatedBy: actor.username,
    updatedByName: actor.displayName,
    origin: input.origin,
  });
  return id;
}

/** Sends a draft for review: a lead or admin sees it waiting for publication. */
export async function submitDraft(id: string, actor: StaffActor, library: ContentLibrary, now = new Date()): Promise<void> {
  assertMayDraft(actor);
  const draft = await readDraft(id);
  if (!draft) throw new NotFoundError(`Bản nháp ${id}`);
  const problems = checkDraft(draft, library).problems;
  if (problems.length > 0) throw new DraftProblemsError(problems);
  await ContentDraftModel.updateOne({ _id: id }, { $set: { status: 'review', updatedAt: now, updatedBy: actor.username, updatedByName: actor.displayName } });
}

/** Drops a draft; the published item is unchanged. */
export async function discardDraft(id: string, actor: StaffActor): Promise<void> {
  assertMayDraft(actor);
  const draft = await readDraft(id);
  await ContentDraftModel.deleteOne({ _id: id });
  if (draft?.origin?.kind === 'unanswered') await reopenUnanswered(draft.origin.ref);
}

/** Where an item sits in the content files: the file and the field path prefix of its value. */
function locate(kind: ItemKind, key: string, files: ContentFiles): { file: string; prefix: string } | undefined {
  const indexIn = (file: string, list: string) => {
    const items = (files.get(file) as Record<string, { id?: string }[]> | undefined)?.[list] ?? [];
    const i = items.findIndex((e) => e.id === key);
    return i < 0 ? undefined : { file, prefix: `${list}[${i}]` };
  };
  if (kind === 'topic') return { file: `topics/${key}.json`, prefix: '' };
  if (kind === 'reception') return { file: 'reception-schedule.json', prefix: '' };
  if (kind === 'document') return indexIn('legal-documents.json', 'documents');
  if (kind === 'event') return indexIn('events.json', 'events');
  if (kind === 'faq') {
    for (const file of files.keys())
      if (file.startsWith('faq/')) {
        const found = indexIn(file, 'entries');
        if (found) return found;
      }
  }
  return undefined;
}

/**
 * Runs the checks of `content:check` on the published content with this draft in place of its
 * item, and returns the problems, the draft's own first with paths inside the item, and the
 * content as it would be once published (for the preview) when there are none.
 */
export function checkDraft(draft: Pick<DraftRecord, 'kind' | 'key' | 'value'>, library: ContentLibrary): { problems: DraftProblem[]; content?: Content } {
  const id = itemId(draft.kind, draft.key);
  const items: ItemValue[] = library.current().items.filter((i) => i.id !== id);
  const published = library.current().items.find((i) => i.id === id);
  items.push({ id, kind: draft.kind, key: draft.key, order: published?.order ?? Number.MAX_SAFE_INTEGER, value: draft.value });
  const files = filesFromItems(items);
  const checked = checkContentFiles(files);
  if (checked.ok) return { problems: [], content: checked.content };
  const place = locate(draft.kind, draft.key, files);
  const problems = checked.problems.map((p): DraftProblem => {
    const own =
      place !== undefined &&
      p.file === place.file &&
      (place.prefix === '' || p.field === place.prefix || p.field.startsWith(`${place.prefix}.`) || p.field.startsWith(`${place.prefix}[`));
    const field = own && place.prefix !== '' ? p.field.slice(place.prefix.length).replace(/^\./, '') : p.field;
    return { own, field, file: p.file, message: p.message };
  });
  return { problems: problems.sort((a, b) => Number(b.own) - Number(a.own)) };
}

/**
 * Publishes a draft (leads and admins): checks it against everything published, records the new
 * version with who and when, deletes the draft, tells every instance, and reloads this one at once.
 *
 * @throws {DraftProblemsError} when the checks fail; nothing is published then.
 */
export async function publishDraft(id: string, actor: StaffActor, library: ContentLibrary, now = new Date()): Promise<void> {
  assertMayPublish(actor);
  const draft = await readDraft(id);
  if (!draft) throw new NotFoundError(`Bản nháp ${id}`);
  await library.refresh();
  const { problems } = checkDraft(draft, library);
  if (problems.length > 0) throw new DraftProblemsError(problems);
  await publishItems([{ id, kind: draft.kind, key: draft.key, value: draft.value }], actor, 'console', now);
  await ContentDraftModel.deleteOne({ _id: id });
  await markPublished(actor, now);
  // The question it answers has its answer now.
  if (draft.origin?.kind === 'unanswered') await markUnansweredDone(draft.origin.ref);
  await writeAudit({ actor, action: 'content.publish', targetType: 'content', targetId: id, details: { draftBy: draft.updatedBy, origin: draft.origin } }, now);
  await library.refresh();
}

/**
 * Publishes an earlier version of an item again (leads and admins), as a new version: the
 * history keeps every step. Checked like a draft.
 */
export async function restoreVersion(id: string, version: number, actor: StaffActor, library: ContentLibrary, now = new Date()): Promise<void> {
  assertMayPublish(actor);
  const item = await readPublishedItem(id);
  const old = await readVersion(id, version);
  if (!item || !old || old.value === null) throw new NotFoundError(`Phiên bản ${version} của ${id}`);
  await library.refresh();
  const { problems } = checkDraft({ kind: item.kind, key: item.key, value: old.value }, library);
  if (problems.length > 0) throw new DraftProblemsError(problems);
  await publishItems([{ id, kind: item.kind, key: item.key, value: old.value }], actor, 'restore', now);
  await markPublished(actor, now);
  await writeAudit({ actor, action: 'content.restore', targetType: 'content', targetId: id, details: { version } }, now);
  await library.refresh();
}
