/**
 * Shapes of the outreach content kept in `content/` (JSON, editable without code).
 * The loader validates every file against these shapes before anything else sees them.
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

/** A text in both languages. */
export interface Localized {
  vi: string;
  en: string;
}

/** A list of texts per language (alternative phrasings of a question). */
export interface LocalizedList {
  vi: string[];
  en: string[];
}

/**
 * `confirmed`: checked against a public source. `unconfirmed`: kept for staff, but answers built on it
 * say less and offer to pass the question to staff.
 */
export type Confidence = 'confirmed' | 'unconfirmed';

export const DOCUMENT_TYPES = ['law', 'decree', 'circular', 'decision', 'resolution', 'plan', 'standard', 'other'] as const;
type DocumentType = (typeof DOCUMENT_TYPES)[number];

export const DOCUMENT_STATUSES = ['in_force', 'amended', 'replaced', 'repealed', 'not_yet_in_force', 'unknown'] as const;
/**
 * `amended`: in force with later amendments; `replaced`: superseded by another document; `repealed`:
 * no longer applies and nothing replaced it; `unknown`: status not checked.
 */
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

/** Statuses under which a document applies today and may be cited as the basis of an answer. */
export const IN_FORCE_STATUSES: readonly DocumentStatus[] = ['in_force', 'amended'];

/** Statuses under which a document must not be cited anywhere in topics, FAQ, events or the reception schedule. */
export const NO_LONGER_APPLIES_STATUSES: readonly DocumentStatus[] = ['replaced', 'repealed'];

/** One entry of the legal-document catalogue that topics and FAQ entries cite. */
export interface LegalDocument {
  /** Stable id used in citations, e.g. `luat-78-2025-qh15`. */
  id: string;
  /** Official number as printed, e.g. `78/2025/QH15`. */
  number: string;
  type: DocumentType;
  title: Localized;
  issuer: Localized;
  /** ISO date (YYYY-MM-DD) the document was passed or signed; absent when not confirmed. */
  issueDate?: string;
  /** ISO date it took effect; absent when not confirmed. */
  effectiveDate?: string;
  status: DocumentStatus;
  /** Ids of catalogue documents that amend this one. */
  amendedBy?: string[];
  /** Id of the catalogue document that replaced this one. */
  replacedBy?: string;
  note?: Localized;
  confidence: Confidence;
  /** Where the facts above were checked (a public page), for reviewers. */
  checkedAgainst?: string[];
}

/**
 * A citation of a catalogue document, narrowed to an article or clause:
 * `{ "document": "luat-50-2005-qh11", "article": "khoản 1 Điều 93" }`.
 * The article is written as the document numbers it ("Điều 93", "khoản 2 Điều 119",
 * "Điều 8, khoản 1 Điều 9") and shown as is after the document in the answer's citation line.
 * Every FAQ entry needs at least one source with an article of a document in force, and an answer
 * that states a figure (days, months, years, an amount) needs that source on a confirmed document.
 */
export interface SourceRef {
  /** Id of a document in `legal-documents.json`. */
  document: string;
  /** Article or clause, containing "Điều <number>"; only stated when checked against the text. */
  article?: string;
}

/** A deeper "learn more" section of a topic. */
export interface TopicSection {
  id: string;
  title: Localized;
  body: Localized;
  documents?: string[];
}

export interface Topic {
  id: TopicId;
  title: Localized;
  summary: Localized;
  keyPoints: Localized[];
  documents: string[];
  learnMore: TopicSection[];
  /** Extra search words (abbreviations, common phrasings). */
  keywords?: string[];
  reviewedAt: string;
}

export interface FaqEntry {
  /** Stable id, unique across all FAQ files, e.g. `do-luong-03`. */
  id: string;
  topic: TopicId;
  question: Localized;
  answer: Localized;
  sources: SourceRef[];
  /** ISO date the answer was last checked by the department. */
  reviewedAt: string;
  alternatives?: LocalizedList;
  keywords?: string[];
  /** Defaults to `confirmed`; `unconfirmed` answers should offer staff. */
  confidence: Confidence;
  /** Link to an online service or form, when the answer points at one. */
  link?: string;
}

/** One regular citizen-reception slot (lịch tiếp công dân). */
export interface ReceptionSlot {
  id: string;
  /** Who receives citizens, e.g. the director or the citizen-reception desk. */
  host: Localized;
  /** When, in words: "Thứ Năm tuần thứ hai hằng tháng". */
  when: Localized;
  /** Opening hours, e.g. `07:30–11:30`. */
  hours: string;
  place: Localized;
}

export interface ReceptionSchedule {
  /** True while this is shipped sample data the province must replace. */
  isSample: boolean;
  notice: Localized;
  legalBasis: string[];
  slots: ReceptionSlot[];
  /** Contact for booking or questions. */
  contact: { phone?: string; email?: string; address: Localized };
  reviewedAt: string;
}

export const EVENT_KINDS = ['workshop', 'training', 'seminar', 'fair'] as const;
type EventKind = (typeof EVENT_KINDS)[number];

export interface OutreachEvent {
  id: string;
  kind: EventKind;
  topic: TopicId;
  title: Localized;
  description: Localized;
  /** ISO date-time with offset, e.g. `2026-12-10T08:00:00+07:00`. */
  startsAt: string;
  endsAt: string;
  /** ISO date-time after which registration closes; defaults to `startsAt`. */
  registrationClosesAt?: string;
  place: Localized;
  onlineUrl?: string;
  capacity: number;
  audience: Localized;
  documents?: string[];
}

export interface EventCatalogue {
  isSample: boolean;
  notice: Localized;
  events: OutreachEvent[];
}

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
