import { z } from 'zod';
import { closed, isoDate, isoDateTime, link, slug, text, textLike, wholeNumber } from './fields.js';

/**
 * Shapes of the outreach content kept in `content/` (JSON, editable without code), as zod
 * schemas; each type is inferred from its schema. The loader reads every file with these
 * shapes before anything else sees it. They check structure and per-field rules only; whether
 * a cited document or topic exists is checked afterwards, across files, by `checkReferences`.
 */

/** The fixed topic ids; routing rules and flows refer to them. */
export const TOPIC_IDS = [
  'khcn-chinh-sach',
  'tieu-chuan-quy-chuan',
  'chat-luong',
  'do-luong',
  'so-huu-tri-tue',
  'khoi-nghiep-dmst',
  'chuyen-doi-so',
  'thu-tuc-hanh-chinh',
  'khieu-nai-to-cao',
  'thong-tin-ung-dung',
] as const;

export type TopicId = (typeof TOPIC_IDS)[number];

/** Vietnamese text must be NFC and, past a few words, carry diacritics (catches unaccented paste-ins). */
const vietnamese = text().superRefine((value, ctx) => {
  if (value.normalize('NFC') !== value) {
    ctx.addIssue({ code: 'custom', message: 'must be in composed Unicode (NFC); re-save the file as NFC' });
    return;
  }
  const words = value.split(/\s+/).filter((w) => /\p{L}/u.test(w));
  if (words.length >= 4 && !/[^\u0000-\u007f]/.test(value))
    ctx.addIssue({ code: 'custom', message: 'Vietnamese text has no diacritics; write it with full diacritics' });
});

/** A text in both languages. */
export const localizedSchema = closed({ vi: vietnamese, en: text() });

/** A list of texts per language (alternative phrasings of a question). */
const localizedListSchema = closed({ vi: z.array(vietnamese).default([]), en: z.array(text()).default([]) });

/**
 * `confirmed`: checked against a public source. `unconfirmed`: kept for staff, but answers built on it
 * say less and offer to pass the question to staff.
 */
const confidence = z.enum(['confirmed', 'unconfirmed']).default('confirmed');

const DOCUMENT_TYPES = ['law', 'decree', 'circular', 'decision', 'resolution', 'plan', 'standard', 'other'] as const;

const DOCUMENT_STATUSES = ['in_force', 'amended', 'replaced', 'repealed', 'not_yet_in_force', 'unknown'] as const;
/**
 * `amended`: in force with later amendments; `replaced`: superseded by another document; `repealed`:
 * no longer applies and nothing replaced it; `unknown`: status not checked.
 */
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

/** Statuses under which a document applies today and may be cited as the basis of an answer. */
export const IN_FORCE_STATUSES: readonly DocumentStatus[] = ['in_force', 'amended'];

/** Statuses under which a document must not be cited anywhere in topics, FAQ, events or the reception schedule. */
export const NO_LONGER_APPLIES_STATUSES: readonly DocumentStatus[] = ['replaced', 'repealed'];

const idList = z.array(slug('id'));
const topicId = z.enum(TOPIC_IDS);

/** One entry of the legal-document catalogue that topics and FAQ entries cite. */
const legalDocumentSchema = closed({
  /** Stable id used in citations, e.g. `luat-78-2025-qh15`. */
  id: slug('id'),
  /** Official number as printed, e.g. `78/2025/QH15`. */
  number: text(),
  type: z.enum(DOCUMENT_TYPES),
  title: localizedSchema,
  issuer: localizedSchema,
  /** ISO date (YYYY-MM-DD) the document was passed or signed; absent when not confirmed. */
  issueDate: isoDate().optional(),
  /** ISO date it took effect; absent when not confirmed. */
  effectiveDate: isoDate().optional(),
  status: z.enum(DOCUMENT_STATUSES),
  /** Ids of catalogue documents that amend this one. */
  amendedBy: idList.optional(),
  /** Id of the catalogue document that replaced this one. */
  replacedBy: slug('id').optional(),
  note: localizedSchema.optional(),
  confidence,
  /** Where the facts above were checked (a public page), for reviewers. */
  checkedAgainst: z.array(link()).optional(),
}).superRefine((doc, ctx) => {
  if (doc.status === 'replaced' && doc.replacedBy === undefined && doc.note === undefined) {
    ctx.addIssue({ code: 'custom', path: ['replacedBy'], message: 'a replaced document needs replacedBy or a note saying what replaced it' });
  }
  if (doc.status === 'repealed' && doc.note === undefined)
    ctx.addIssue({ code: 'custom', path: ['note'], message: 'a repealed document needs a note saying what repealed it' });
});
export type LegalDocument = z.output<typeof legalDocumentSchema>;

/** `legal-documents.json`. */
export const documentCatalogueSchema = closed({ documents: z.array(legalDocumentSchema).min(1) }, ['$comment']).transform((file) => file.documents);

/**
 * A citation of a catalogue document, narrowed to an article or clause:
 * `{ "document": "luat-50-2005-qh11", "article": "khoản 1 Điều 93" }`.
 * The article is written as the document numbers it ("Điều 93", "khoản 2 Điều 119",
 * "Điều 8, khoản 1 Điều 9") and shown as is after the document in the answer's citation line.
 * Every FAQ entry needs at least one source with an article of a document in force, and an answer
 * that states a figure (days, months, years, an amount) needs that source on a confirmed document.
 */
const sourceRefSchema = closed({
  /** Id of a document in `legal-documents.json`. */
  document: text(),
  /** Article or clause, containing "Điều <number>"; only stated when checked against the text. */
  article: textLike(/(^|\s)Điều \d+[a-zđ]?\b/u, 'an article written as the law numbers it, containing "Điều <number>" (e.g. "khoản 1 Điều 93")').optional(),
});
export type SourceRef = z.output<typeof sourceRefSchema>;

/** A deeper "learn more" section of a topic. */
const topicSectionSchema = closed({ id: slug('id'), title: localizedSchema, body: localizedSchema, documents: idList.optional() });

/** `topics/<id>.json`. */
export const topicSchema = closed(
  {
    id: topicId,
    title: localizedSchema,
    summary: localizedSchema,
    keyPoints: z.array(localizedSchema).min(1),
    documents: idList.min(1),
    learnMore: z.array(topicSectionSchema),
    /** Extra search words (abbreviations, common phrasings). */
    keywords: z.array(text()).optional(),
    reviewedAt: isoDate(),
  },
  ['$comment'],
);
export type Topic = z.output<typeof topicSchema>;

const faqEntrySchema = closed({
  /** Stable id, unique across all FAQ files, e.g. `do-luong-03`. */
  id: slug('id'),
  topic: topicId,
  question: localizedSchema,
  answer: localizedSchema,
  sources: z.array(sourceRefSchema).min(1),
  /** ISO date the answer was last checked by the department. */
  reviewedAt: isoDate(),
  alternatives: localizedListSchema.optional(),
  keywords: z.array(text()).optional(),
  /** Defaults to `confirmed`; `unconfirmed` answers should offer staff. */
  confidence,
  /** Link to an online service or form, when the answer points at one. */
  link: link().optional(),
});
export type FaqEntry = z.output<typeof faqEntrySchema>;

/** A FAQ file: `{ topic, entries: [...] }`; every entry must belong to the file's topic. */
export const faqFileSchema = closed({ topic: topicId, entries: z.array(faqEntrySchema).min(1) }, ['$comment'])
  .superRefine((file, ctx) => {
    file.entries.forEach((entry, i) => {
      if (entry.topic !== file.topic) {
        ctx.addIssue({ code: 'custom', path: ['entries', i, 'topic'], message: `entry is in the file for "${file.topic}" but says topic "${entry.topic}"` });
      }
    });
  })
  .transform((file) => file.entries);

/** One regular citizen-reception slot (lịch tiếp công dân). */
const receptionSlotSchema = closed({
  id: slug('id'),
  /** Who receives citizens, e.g. the director or the citizen-reception desk. */
  host: localizedSchema,
  /** When, in words: "Thứ Năm tuần thứ hai hằng tháng". */
  when: localizedSchema,
  /** Opening hours, e.g. `07:30–11:30`. */
  hours: textLike(/^\d{2}:\d{2}[–-]\d{2}:\d{2}$/, 'hours like 07:30–11:30'),
  place: localizedSchema,
});

/** `reception-schedule.json`. */
export const receptionScheduleSchema = closed(
  {
    /** True while this is shipped sample data the province must replace. */
    isSample: z.boolean(),
    notice: localizedSchema,
    legalBasis: idList.min(1),
    slots: z.array(receptionSlotSchema).min(1),
    /** Contact for booking or questions. */
    contact: closed({ phone: text().optional(), email: textLike(/^[^\s@]+@[^\s@]+$/, 'an email address').optional(), address: localizedSchema }),
    reviewedAt: isoDate(),
  },
  ['$comment'],
);
export type ReceptionSchedule = z.output<typeof receptionScheduleSchema>;

const EVENT_KINDS = ['workshop', 'training', 'seminar', 'fair'] as const;

const outreachEventSchema = closed({
  id: slug('id'),
  kind: z.enum(EVENT_KINDS),
  topic: topicId,
  title: localizedSchema,
  description: localizedSchema,
  /** ISO date-time with offset, e.g. `2026-12-10T08:00:00+07:00`. */
  startsAt: isoDateTime(),
  endsAt: isoDateTime(),
  /** ISO date-time after which registration closes; defaults to `startsAt`. */
  registrationClosesAt: isoDateTime().optional(),
  place: localizedSchema,
  onlineUrl: link().optional(),
  capacity: wholeNumber(1, 100_000),
  audience: localizedSchema,
  documents: idList.optional(),
}).superRefine((event, ctx) => {
  if (Date.parse(event.endsAt) <= Date.parse(event.startsAt)) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'must be after startsAt' });
  if (event.registrationClosesAt && Date.parse(event.registrationClosesAt) > Date.parse(event.startsAt)) {
    ctx.addIssue({ code: 'custom', path: ['registrationClosesAt'], message: 'must not be after startsAt' });
  }
});
export type OutreachEvent = z.output<typeof outreachEventSchema>;

/** `events.json`. */
export const eventCatalogueSchema = closed({ isSample: z.boolean(), notice: localizedSchema, events: z.array(outreachEventSchema) }, ['$comment']);
export type EventCatalogue = z.output<typeof eventCatalogueSchema>;

/** Everything under `content/` that this loader owns, validated and cross-checked. */
export interface Content {
  topics: Topic[];
  faq: FaqEntry[];
  documents: LegalDocument[];
  receptionSchedule: ReceptionSchedule;
  events: EventCatalogue;
  /** Lookups by id, built once at load. */
  topicById: ReadonlyMap<TopicId, Topic>;
  faqById: ReadonlyMap<string, FaqEntry>;
  documentById: ReadonlyMap<string, LegalDocument>;
}
