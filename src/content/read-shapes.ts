import { type FieldReader, join } from './schema.js';
import {
  DOCUMENT_STATUSES,
  DOCUMENT_TYPES,
  EVENT_KINDS,
  TOPIC_IDS,
  type Confidence,
  type EventCatalogue,
  type FaqEntry,
  type LegalDocument,
  type Localized,
  type LocalizedList,
  type OutreachEvent,
  type ReceptionSchedule,
  type ReceptionSlot,
  type SourceRef,
  type Topic,
  type TopicId,
  type TopicSection,
} from './types.js';

/**
 * Readers for each content shape. They check structure and per-field rules only; whether a cited
 * document or topic exists is checked afterwards, across files, by `checkReferences`.
 */

const ID = { pattern: /^[a-z0-9]+(-[a-z0-9]+)*$/, patternHint: 'an id of lowercase letters, digits and dashes' };
/** An article reference as the document numbers it: "Điều 93", "khoản 2 Điều 119", "Điều 8, khoản 1 Điều 9". */
const ARTICLE = {
  pattern: /(^|\s)Điều \d+[a-zđ]?\b/u,
  patternHint: 'an article written as the law numbers it, containing "Điều <number>" (e.g. "khoản 1 Điều 93")',
};

/** Vietnamese text must be NFC and, past a few words, carry diacritics (catches unaccented paste-ins). */
function readVietnamese(r: FieldReader, value: unknown, path: string): string | undefined {
  const text = r.string(value, path);
  if (text === undefined) return undefined;
  if (text.normalize('NFC') !== text) return r.fail(path, 'must be in composed Unicode (NFC); re-save the file as NFC');
  const words = text.split(/\s+/).filter((w) => /\p{L}/u.test(w));
  if (words.length >= 4 && !/[^\u0000-\u007f]/.test(text)) return r.fail(path, 'Vietnamese text has no diacritics; write it with full diacritics');
  return text;
}

export function readLocalized(r: FieldReader, value: unknown, path: string): Localized | undefined {
  const obj = r.object(value, path, ['vi', 'en']);
  if (!obj) return undefined;
  const vi = readVietnamese(r, obj.vi, join(path, 'vi'));
  const en = r.string(obj.en, join(path, 'en'));
  return vi !== undefined && en !== undefined ? { vi, en } : undefined;
}

function readLocalizedList(r: FieldReader, value: unknown, path: string): LocalizedList | undefined {
  const obj = r.object(value, path, ['vi', 'en']);
  if (!obj) return undefined;
  const vi = obj.vi === undefined ? [] : r.array(obj.vi, join(path, 'vi'), (v, p) => readVietnamese(r, v, p));
  const en = obj.en === undefined ? [] : r.array(obj.en, join(path, 'en'), (v, p) => r.string(v, p));
  return vi && en ? { vi, en } : undefined;
}

function readConfidence(r: FieldReader, value: unknown, path: string): Confidence | undefined {
  return value === undefined ? 'confirmed' : r.oneOf(value, path, ['confirmed', 'unconfirmed'] as const);
}

function readTopicId(r: FieldReader, value: unknown, path: string): TopicId | undefined {
  return r.oneOf(value, path, TOPIC_IDS);
}

function readIdList(r: FieldReader, value: unknown, path: string, minItems = 0): string[] | undefined {
  return r.array(value, path, (v, p) => r.string(v, p, ID), { minItems });
}

export function readDocumentCatalogue(r: FieldReader, value: unknown): LegalDocument[] | undefined {
  const root = r.object(value, '', ['$comment', 'documents']);
  if (!root) return undefined;
  return r.array(root.documents, 'documents', (v, p) => readDocument(r, v, p), { minItems: 1 });
}

function readDocument(r: FieldReader, value: unknown, path: string): LegalDocument | undefined {
  const allowed = [
    'id',
    'number',
    'type',
    'title',
    'issuer',
    'issueDate',
    'effectiveDate',
    'status',
    'amendedBy',
    'replacedBy',
    'note',
    'confidence',
    'checkedAgainst',
  ];
  const o = r.object(value, path, allowed);
  if (!o) return undefined;
  const doc = {
    id: r.string(o.id, join(path, 'id'), ID),
    number: r.string(o.number, join(path, 'number')),
    type: r.oneOf(o.type, join(path, 'type'), DOCUMENT_TYPES),
    title: readLocalized(r, o.title, join(path, 'title')),
    issuer: readLocalized(r, o.issuer, join(path, 'issuer')),
    issueDate: r.optionalIsoDate(o.issueDate, join(path, 'issueDate')),
    effectiveDate: r.optionalIsoDate(o.effectiveDate, join(path, 'effectiveDate')),
    status: r.oneOf(o.status, join(path, 'status'), DOCUMENT_STATUSES),
    amendedBy: o.amendedBy === undefined ? undefined : readIdList(r, o.amendedBy, join(path, 'amendedBy')),
    replacedBy: r.optionalString(o.replacedBy, join(path, 'replacedBy'), ID),
    note: o.note === undefined ? undefined : readLocalized(r, o.note, join(path, 'note')),
    confidence: readConfidence(r, o.confidence, join(path, 'confidence')),
    checkedAgainst: r.optionalArray(o.checkedAgainst, join(path, 'checkedAgainst'), (v, p) => r.url(v, p)),
  };
  if (doc.status === 'replaced' && o.replacedBy === undefined && o.note === undefined) {
    r.fail(join(path, 'replacedBy'), 'a replaced document needs replacedBy or a note saying what replaced it');
  }
  if (doc.status === 'repealed' && o.note === undefined) r.fail(join(path, 'note'), 'a repealed document needs a note saying what repealed it');
  const { id, number, type, title, issuer, status, confidence } = doc;
  if (!id || !number || !type || !title || !issuer || !status || !confidence) return undefined;
  return withoutUndefined({ ...doc, id, number, type, title, issuer, status, confidence });
}

export function readTopic(r: FieldReader, value: unknown): Topic | undefined {
  const allowed = ['$comment', 'id', 'title', 'summary', 'keyPoints', 'documents', 'learnMore', 'keywords', 'reviewedAt'];
  const o = r.object(value, '', allowed);
  if (!o) return undefined;
  const t = {
    id: readTopicId(r, o.id, 'id'),
    title: readLocalized(r, o.title, 'title'),
    summary: readLocalized(r, o.summary, 'summary'),
    keyPoints: r.array(o.keyPoints, 'keyPoints', (v, p) => readLocalized(r, v, p), { minItems: 1 }),
    documents: readIdList(r, o.documents, 'documents', 1),
    learnMore: r.array(o.learnMore, 'learnMore', (v, p) => readSection(r, v, p)),
    keywords: r.optionalArray(o.keywords, 'keywords', (v, p) => r.string(v, p)),
    reviewedAt: r.isoDate(o.reviewedAt, 'reviewedAt'),
  };
  const { id, title, summary, keyPoints, documents, learnMore, reviewedAt } = t;
  if (!id || !title || !summary || !keyPoints || !documents || !learnMore || !reviewedAt) return undefined;
  return withoutUndefined({ ...t, id, title, summary, keyPoints, documents, learnMore, reviewedAt });
}

function readSection(r: FieldReader, value: unknown, path: string): TopicSection | undefined {
  const o = r.object(value, path, ['id', 'title', 'body', 'documents']);
  if (!o) return undefined;
  const id = r.string(o.id, join(path, 'id'), ID);
  const title = readLocalized(r, o.title, join(path, 'title'));
  const body = readLocalized(r, o.body, join(path, 'body'));
  const documents = o.documents === undefined ? undefined : readIdList(r, o.documents, join(path, 'documents'));
  if (!id || !title || !body) return undefined;
  return withoutUndefined({ id, title, body, documents });
}

/** A FAQ file: `{ topic, entries: [...] }`; every entry must belong to the file's topic. */
export function readFaqFile(r: FieldReader, value: unknown): FaqEntry[] | undefined {
  const o = r.object(value, '', ['$comment', 'topic', 'entries']);
  if (!o) return undefined;
  const topic = readTopicId(r, o.topic, 'topic');
  const entries = r.array(o.entries, 'entries', (v, p) => readFaqEntry(r, v, p), { minItems: 1 });
  if (!topic || !entries) return undefined;
  entries.forEach((entry, i) => {
    if (entry.topic !== topic) r.fail(`entries[${i}].topic`, `entry is in the file for "${topic}" but says topic "${entry.topic}"`);
  });
  return entries;
}

function readFaqEntry(r: FieldReader, value: unknown, path: string): FaqEntry | undefined {
  const allowed = ['id', 'topic', 'question', 'answer', 'sources', 'reviewedAt', 'alternatives', 'keywords', 'confidence', 'link'];
  const o = r.object(value, path, allowed);
  if (!o) return undefined;
  const e = {
    id: r.string(o.id, join(path, 'id'), ID),
    topic: readTopicId(r, o.topic, join(path, 'topic')),
    question: readLocalized(r, o.question, join(path, 'question')),
    answer: readLocalized(r, o.answer, join(path, 'answer')),
    sources: r.array(o.sources, join(path, 'sources'), (v, p) => readSource(r, v, p), { minItems: 1 }),
    reviewedAt: r.isoDate(o.reviewedAt, join(path, 'reviewedAt')),
    alternatives: o.alternatives === undefined ? undefined : readLocalizedList(r, o.alternatives, join(path, 'alternatives')),
    keywords: r.optionalArray(o.keywords, join(path, 'keywords'), (v, p) => r.string(v, p)),
    confidence: readConfidence(r, o.confidence, join(path, 'confidence')),
    link: o.link === undefined ? undefined : r.url(o.link, join(path, 'link')),
  };
  const { id, topic, question, answer, sources, reviewedAt, confidence } = e;
  if (!id || !topic || !question || !answer || !sources || !reviewedAt || !confidence) return undefined;
  return withoutUndefined({ ...e, id, topic, question, answer, sources, reviewedAt, confidence });
}

function readSource(r: FieldReader, value: unknown, path: string): SourceRef | undefined {
  const o = r.object(value, path, ['document', 'article']);
  if (!o) return undefined;
  const document = r.string(o.document, join(path, 'document'));
  const article = r.optionalString(o.article, join(path, 'article'), ARTICLE);
  if (!document) return undefined;
  return withoutUndefined({ document, article });
}

export function readReceptionSchedule(r: FieldReader, value: unknown): ReceptionSchedule | undefined {
  const o = r.object(value, '', ['$comment', 'isSample', 'notice', 'legalBasis', 'slots', 'contact', 'reviewedAt']);
  if (!o) return undefined;
  const contactObj = r.object(o.contact, 'contact', ['phone', 'email', 'address']);
  const contact = contactObj
    ? {
        phone: r.optionalString(contactObj.phone, 'contact.phone'),
        email: r.optionalString(contactObj.email, 'contact.email', { pattern: /^[^\s@]+@[^\s@]+$/, patternHint: 'an email address' }),
        address: readLocalized(r, contactObj.address, 'contact.address'),
      }
    : undefined;
  const s = {
    isSample: r.boolean(o.isSample, 'isSample'),
    notice: readLocalized(r, o.notice, 'notice'),
    legalBasis: readIdList(r, o.legalBasis, 'legalBasis', 1),
    slots: r.array(o.slots, 'slots', (v, p) => readSlot(r, v, p), { minItems: 1 }),
    reviewedAt: r.isoDate(o.reviewedAt, 'reviewedAt'),
  };
  const { isSample, notice, legalBasis, slots, reviewedAt } = s;
  if (isSample === undefined || !notice || !legalBasis || !slots || !reviewedAt || !contact?.address) return undefined;
  return { isSample, notice, legalBasis, slots, reviewedAt, contact: withoutUndefined({ ...contact, address: contact.address }) };
}

function readSlot(r: FieldReader, value: unknown, path: string): ReceptionSlot | undefined {
  const o = r.object(value, path, ['id', 'host', 'when', 'hours', 'place']);
  if (!o) return undefined;
  const id = r.string(o.id, join(path, 'id'), ID);
  const host = readLocalized(r, o.host, join(path, 'host'));
  const when = readLocalized(r, o.when, join(path, 'when'));
  const hours = r.string(o.hours, join(path, 'hours'), { pattern: /^\d{2}:\d{2}[–-]\d{2}:\d{2}$/, patternHint: 'hours like 07:30–11:30' });
  const place = readLocalized(r, o.place, join(path, 'place'));
  if (!id || !host || !when || !hours || !place) return undefined;
  return { id, host, when, hours, place };
}

export function readEventCatalogue(r: FieldReader, value: unknown): EventCatalogue | undefined {
  const o = r.object(value, '', ['$comment', 'isSample', 'notice', 'events']);
  if (!o) return undefined;
  const isSample = r.boolean(o.isSample, 'isSample');
  const notice = readLocalized(r, o.notice, 'notice');
  const events = r.array(o.events, 'events', (v, p) => readEvent(r, v, p));
  if (isSample === undefined || !notice || !events) return undefined;
  return { isSample, notice, events };
}

function readEvent(r: FieldReader, value: unknown, path: string): OutreachEvent | undefined {
  const allowed = [
    'id',
    'kind',
    'topic',
    'title',
    'description',
    'startsAt',
    'endsAt',
    'registrationClosesAt',
    'place',
    'onlineUrl',
    'capacity',
    'audience',
    'documents',
  ];
  const o = r.object(value, path, allowed);
  if (!o) return undefined;
  const e = {
    id: r.string(o.id, join(path, 'id'), ID),
    kind: r.oneOf(o.kind, join(path, 'kind'), EVENT_KINDS),
    topic: readTopicId(r, o.topic, join(path, 'topic')),
    title: readLocalized(r, o.title, join(path, 'title')),
    description: readLocalized(r, o.description, join(path, 'description')),
    startsAt: r.isoDateTime(o.startsAt, join(path, 'startsAt')),
    endsAt: r.isoDateTime(o.endsAt, join(path, 'endsAt')),
    registrationClosesAt: o.registrationClosesAt === undefined ? undefined : r.isoDateTime(o.registrationClosesAt, join(path, 'registrationClosesAt')),
    place: readLocalized(r, o.place, join(path, 'place')),
    onlineUrl: o.onlineUrl === undefined ? undefined : r.url(o.onlineUrl, join(path, 'onlineUrl')),
    capacity: r.integer(o.capacity, join(path, 'capacity'), 1, 100_000),
    audience: readLocalized(r, o.audience, join(path, 'audience')),
    documents: o.documents === undefined ? undefined : readIdList(r, o.documents, join(path, 'documents')),
  };
  const { id, kind, topic, title, description, startsAt, endsAt, place, capacity, audience } = e;
  if (!id || !kind || !topic || !title || !description || !startsAt || !endsAt || !place || !capacity || !audience) return undefined;
  if (Date.parse(endsAt) <= Date.parse(startsAt)) r.fail(join(path, 'endsAt'), 'must be after startsAt');
  if (e.registrationClosesAt && Date.parse(e.registrationClosesAt) > Date.parse(startsAt)) {
    r.fail(join(path, 'registrationClosesAt'), 'must not be after startsAt');
  }
  return withoutUndefined({ ...e, id, kind, topic, title, description, startsAt, endsAt, place, capacity, audience });
}

/** Drops keys whose value is undefined, so optional fields are absent rather than present-but-undefined. */
function withoutUndefined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) {
    if (value[key] === undefined) delete value[key];
  }
  return value;
}
