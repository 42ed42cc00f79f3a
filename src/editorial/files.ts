import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The content files the editorial store owns, by path relative to the content folder
 * (`faq/do-luong.json`), each as its parsed JSON. Departments, routing rules, the calendar,
 * time limits and phrases stay files only.
 */
export type ContentFiles = Map<string, unknown>;

/** The kinds of content item, and the file each lives in. */
export const ITEM_KINDS = ['faq', 'faq-file', 'topic', 'document', 'documents-file', 'event', 'events-file', 'reception'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

/** One item as the store keeps it: `<kind>:<key>`, its place in its file, and its value as in the file. */
export interface ItemValue {
  id: string;
  kind: ItemKind;
  key: string;
  order: number;
  value: Record<string, unknown>;
}

const DOCUMENTS_FILE = 'legal-documents.json';
const EVENTS_FILE = 'events.json';
const RECEPTION_FILE = 'reception-schedule.json';

/** The id of an item: `faq:do-luong-03`. */
export function itemId(kind: ItemKind, key: string): string {
  return `${kind}:${key}`;
}

/** Splits an item id into kind and key; undefined when it is not one. */
export function parseItemId(id: string): { kind: ItemKind; key: string } | undefined {
  const at = id.indexOf(':');
  const kind = id.slice(0, at) as ItemKind;
  const key = id.slice(at + 1);
  return at > 0 && ITEM_KINDS.includes(kind) && /^[a-z0-9-]+$/.test(key) ? { kind, key } : undefined;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function without(value: Record<string, unknown>, key: string): Record<string, unknown> {
  const { [key]: _dropped, ...rest } = value;
  return rest;
}

function list(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.map(record) : [];
}

/**
 * Cuts content files into items: one per FAQ entry, topic, legal document, event, the reception
 * schedule, and one for each file's own fields (`$comment`, `isSample`, `notice`, a FAQ file's topic).
 * The files must have passed `loadContent` (shapes are trusted here).
 */
export function itemsFromFiles(files: ContentFiles): ItemValue[] {
  const items: ItemValue[] = [];
  const add = (kind: ItemKind, key: string, order: number, value: Record<string, unknown>) => items.push({ id: itemId(kind, key), kind, key, order, value });
  const sorted = [...files.keys()].sort();
  for (const path of sorted) {
    const root = record(files.get(path));
    if (path === DOCUMENTS_FILE) {
      add('documents-file', 'legal-documents', 0, without(root, 'documents'));
      list(root.documents).forEach((doc, i) => add('document', String(doc.id), i, doc));
    } else if (path === EVENTS_FILE) {
      add('events-file', 'events', 0, without(root, 'events'));
      list(root.events).forEach((event, i) => add('event', String(event.id), i, event));
    } else if (path === RECEPTION_FILE) {
      add('reception', 'schedule', 0, root);
    } else if (path.startsWith('topics/')) {
      add('topic', String(root.id), 0, root);
    } else if (path.startsWith('faq/')) {
      const topic = path.slice('faq/'.length, -'.json'.length);
      add('faq-file', topic, 0, without(root, 'entries'));
      list(root.entries).forEach((entry, i) => add('faq', String(entry.id), i, entry));
    }
  }
  return items;
}

function byOrder(a: ItemValue, b: ItemValue): number {
  return a.order - b.order || a.key.localeCompare(b.key);
}

/**
 * Puts items back together as content files: the inverse of {@link itemsFromFiles}. FAQ entries
 * go to the file of their topic; entries and list items keep their order.
 */
export function filesFromItems(items: readonly ItemValue[]): ContentFiles {
  const of = (kind: ItemKind) => items.filter((i) => i.kind === kind).sort(byOrder);
  const files: ContentFiles = new Map();
  const documentsHead = of('documents-file')[0]?.value ?? {};
  files.set(DOCUMENTS_FILE, { ...documentsHead, documents: of('document').map((i) => i.value) });
  const eventsHead = of('events-file')[0]?.value ?? {};
  files.set(EVENTS_FILE, { ...eventsHead, events: of('event').map((i) => i.value) });
  const reception = of('reception')[0];
  if (reception) files.set(RECEPTION_FILE, reception.value);
  for (const topic of of('topic')) files.set(`topics/${topic.key}.json`, topic.value);

  const faqTopics = new Set([...of('faq-file').map((i) => i.key), ...of('faq').map((i) => String(i.value.topic))]);
  for (const topic of [...faqTopics].sort()) {
    const head = of('faq-file').find((i) => i.key === topic)?.value ?? { topic };
    files.set(`faq/${topic}.json`, {
      ...head,
      entries: of('faq')
        .filter((i) => i.value.topic === topic)
        .map((i) => i.value),
    });
  }
  return files;
}

/** The text of a content file as the project writes it: two-space JSON and a final newline. */
function fileText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Reads the owned content files under `dir` (unparseable files are left to `loadContent` to report). */
export function readContentFiles(dir: string): ContentFiles {
  const files: ContentFiles = new Map();
  const read = (path: string) => {
    const full = join(dir, path);
    if (existsSync(full)) files.set(path, JSON.parse(readFileSync(full, 'utf8')) as unknown);
  };
  read(DOCUMENTS_FILE);
  read(EVENTS_FILE);
  read(RECEPTION_FILE);
  for (const folder of ['topics', 'faq']) {
    const full = join(dir, folder);
    if (!existsSync(full)) continue;
    for (const name of readdirSync(full)
      .filter((n) => n.endsWith('.json'))
      .sort())
      read(`${folder}/${name}`);
  }
  return files;
}

/** Writes content files under `dir`, creating folders as needed. */
export function writeContentFiles(dir: string, files: ContentFiles): void {
  for (const [path, value] of files) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, fileText(value));
  }
}
