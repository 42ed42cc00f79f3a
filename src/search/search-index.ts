import MiniSearch, { type SearchOptions, type SearchResult } from 'minisearch';
import type { Content, FaqEntry, Topic, TopicId } from '../content/types.js';
import type { Language } from '../domain/vocabulary.js';
import { analyze, MAX_QUERY_WORDS, type Analysis, type Form } from './analyze.js';
import { hasDiacritics } from './normalize.js';

/** One search result. */
export interface SearchHit {
  /** FAQ entry id or topic id. */
  id: string;
  kind: 'faq' | 'topic';
  topic: TopicId;
  /** Relative relevance; only comparable within one query. */
  score: number;
  /**
   * `strong`: most of the query's words were found in this entry; safe to show as the answer.
   * `weak`: only a loose match; say nothing fits well and offer to send the question to staff.
   */
  confidence: 'strong' | 'weak';
  /** The language whose text matched (a query in the other language is tried when the first finds nothing strong). */
  language: Language;
}

interface SearchOptionsInput {
  /** Language of the query and of the person; defaults to `vi`. */
  language?: Language;
  /** Most hits to return; defaults to 5. */
  limit?: number;
}

export interface SearchIndex {
  /**
   * Finds FAQ entries and topics for a free-text question, best first. Tolerates missing diacritics,
   * Telex leftovers, abbreviations and small typos; when folding makes words collide (đường/dương),
   * entries with the exact diacritics rank first. Returns `[]` for empty or stop-word-only queries.
   */
  search(query: string, options?: SearchOptionsInput): SearchHit[];
}

const FIELDS = ['q_vi', 'b_vi', 'qx_vi', 'q_en', 'b_en'] as const;
type Field = (typeof FIELDS)[number];

/** What MiniSearch stores per entry: `faq:<id>` or `topic:<id>`, and each field as analysed terms. */
type IndexedDoc = { key: string } & Record<Field, string>;

// Question, phrasings and keywords say what an entry is about; the answer only supports it.
const FOLDED_BOOST: Record<Language, Record<string, number>> = {
  vi: { q_vi: 3, b_vi: 0.6 },
  en: { q_en: 3, b_en: 0.6 },
};
const EXACT_BOOST = { qx_vi: 3 };
/** Weight of the exact-diacritic pass added to the folded score; enough to reorder folding collisions. */
const EXACT_WEIGHT = 1.2;
/** Topics are for browsing; a matching FAQ answer usually serves the question better. */
const TOPIC_WEIGHT = 0.6;
/** Share of the query's words an entry must contain to be a strong hit. */
const STRONG_COVERAGE = 0.5;

/** Terms in more than this share of entries (and at least COMMON_MIN_DOCS) carry little meaning and cost the most. */
const COMMON_SHARE = 0.05;
const COMMON_MIN_DOCS = 50;
/** When nothing fits the budget, the rarest word is still searched. */
const MIN_KEPT_WORDS = 1;
/** At most this many terms are searched; the rest of a long message adds cost, not meaning. */
const MAX_KEPT_TERMS = 16;
/** Entries (summed over the chosen terms) a query may touch; keeps a query near a millisecond at 10,000 entries. */
const POSTING_BUDGET = 1200;

type TermGroup = 'vi' | 'en' | 'exact';

interface PlannedQuery {
  /** Space-separated terms handed to MiniSearch. */
  text: string;
  /** Terms that count towards coverage: the kept words and pairs plus unknown words (possible typos). */
  wanted: Set<string>;
  /** Words not in the index: only these get fuzzy and prefix matching. */
  unknown: Set<string>;
}

/**
 * Builds an in-memory search over the FAQ entries and topics of `content` (MiniSearch underneath),
 * indexing each text both folded and with diacritics. Building is synchronous; the index is read-only.
 */
export function createSearchIndex(content: Pick<Content, 'faq' | 'topics'>): SearchIndex {
  const mini = new MiniSearch<IndexedDoc>({
    idField: 'key',
    fields: [...FIELDS],
    storeFields: [],
    // Field values are pre-analysed term lists; MiniSearch only splits them.
    tokenize: splitTerms,
    processTerm: (term) => term,
    searchOptions: { tokenize: splitTerms, processTerm: (term) => term },
  });
  const topicOf = new Map<string, TopicId>();
  const documentFrequency: Record<TermGroup, Map<string, number>> = { vi: new Map(), en: new Map(), exact: new Map() };
  const add = (doc: IndexedDoc, topic: TopicId): void => {
    mini.add(doc);
    topicOf.set(doc.key, topic);
    countTerms(documentFrequency.vi, doc.q_vi, doc.b_vi);
    countTerms(documentFrequency.en, doc.q_en, doc.b_en);
    countTerms(documentFrequency.exact, doc.qx_vi);
  };
  for (const entry of content.faq) add(faqDocument(entry, content.topics), entry.topic);
  for (const topic of content.topics) add(topicDocument(topic), topic.id);
  const commonAbove = Math.max(COMMON_MIN_DOCS, COMMON_SHARE * topicOf.size);

  const plan = (analysis: Analysis, group: TermGroup): PlannedQuery => {
    const df = documentFrequency[group];
    const unknown = new Set(analysis.unigrams.filter((t) => !df.has(t)));
    // Known words and phrase pairs, rarest first: rare terms say the most and cost the least.
    const known = [...new Set([...analysis.unigrams, ...analysis.bigrams])].filter((t) => df.has(t)).sort((a, b) => (df.get(a) ?? 0) - (df.get(b) ?? 0));
    const kept: string[] = [];
    let postings = 0;
    for (const term of known) {
      const n = df.get(term) ?? 0;
      const words = kept.filter((t) => !t.includes('_')).length;
      const isWord = !term.includes('_');
      // Search cost grows with the entries a term appears in, so stop at a budget; a common word is
      // still searched when too few words were kept to judge the match.
      const affordable = postings + n <= POSTING_BUDGET && n <= commonAbove;
      if (affordable || (isWord && words < MIN_KEPT_WORDS && kept.length === 0)) {
        kept.push(term);
        postings += n;
      }
      if (kept.length >= MAX_KEPT_TERMS) break;
    }
    return { text: [...kept, ...unknown].join(' '), wanted: new Set([...kept, ...unknown]), unknown };
  };

  const knownWords = (query: string, language: Language): number =>
    analyze(query, language, 'folded', { maxWords: MAX_QUERY_WORDS, repairTelex: true }).unigrams.filter((t) => documentFrequency[language].has(t)).length;

  const searchLanguage = (query: string, language: Language, limit: number): SearchHit[] => {
    const analysis = analyze(query, language, 'folded', { maxWords: MAX_QUERY_WORDS, repairTelex: true });
    // Only stop words ("là gì vậy"): nothing to look for, and word pairs of fillers mean nothing.
    if (analysis.unigrams.length === 0) return [];
    const folded = plan(analysis, language);
    if (folded.wanted.size === 0) return [];
    const foldedResults = mini.search(folded.text, foldedOptions(language, folded.unknown));
    // The exact pass only matters when the person typed diacritics; otherwise it equals the folded one.
    const exact = language === 'vi' && hasDiacritics(query) ? plan(analyze(query, 'vi', 'exact', { maxWords: MAX_QUERY_WORDS }), 'exact') : undefined;
    const exactResults = exact && exact.text !== '' ? mini.search(exact.text, exactOptions) : [];

    // Topics are down-weighted after the fact (a callback per posting would cost more); there are few
    // of them, so looking a few places past the limit is enough to re-rank correctly.
    const weigh = (r: SearchResult): number => r.score * (String(r.id).startsWith('topic:') ? TOPIC_WEIGHT : 1);
    let candidates: { key: string; score: number; result: SearchResult }[];
    if (exactResults.length === 0) {
      candidates = foldedResults.slice(0, limit + content.topics.length).map((r) => ({ key: String(r.id), score: weigh(r), result: r }));
    } else {
      const merged = new Map<string, { key: string; score: number; result: SearchResult }>();
      for (const r of foldedResults) merged.set(String(r.id), { key: String(r.id), score: weigh(r), result: r });
      for (const r of exactResults) {
        const slot = merged.get(String(r.id));
        if (slot) slot.score += weigh(r) * EXACT_WEIGHT;
      }
      candidates = [...merged.values()];
    }
    const ranked = candidates.sort((a, b) => b.score - a.score).slice(0, limit);

    const wanted = folded.wanted.size;
    return ranked.map(({ key, score, result }) => {
      const [kind, id] = splitKey(key);
      const matched = result.queryTerms.filter((t) => folded.wanted.has(t)).length;
      const literal = result.terms.filter((t) => folded.wanted.has(t) && !folded.unknown.has(t)).length;
      const strong = matched / wanted >= STRONG_COVERAGE && literal >= Math.min(2, wanted);
      return { id, kind, topic: topicOf.get(key) as TopicId, score, confidence: strong ? 'strong' : 'weak', language };
    });
  };

  return {
    search(query, options = {}) {
      const preferred = options.language ?? 'vi';
      const limit = options.limit ?? 5;
      // People switch languages mid-conversation: start with the language whose words the query uses
      // (typo matching in the wrong language is slow and poor), then try the other before giving up.
      const knownPreferred = knownWords(query, preferred);
      const knownOther = knownWords(query, otherLanguage(preferred));
      const first = knownPreferred >= knownOther ? preferred : otherLanguage(preferred);
      const hits = searchLanguage(query, first, limit);
      // The other language only gets a turn when it knows some of the words too; a query that is
      // simply vague should not pay for typo matching in a language it was not written in.
      if (hits[0]?.confidence === 'strong' || Math.min(knownPreferred, knownOther) === 0) return hits;
      const other = searchLanguage(query, otherLanguage(first), limit);
      return other[0]?.confidence === 'strong' ? other : hits;
    },
  };
}

const exactOptions: SearchOptions = { fields: ['qx_vi'], boost: EXACT_BOOST, combineWith: 'OR' };

function foldedOptions(language: Language, unknown: ReadonlySet<string>): SearchOptions {
  return {
    fields: Object.keys(FOLDED_BOOST[language]),
    boost: FOLDED_BOOST[language],
    combineWith: 'OR',
    // Typos and unfinished words: only for words the index does not know, so known words stay cheap.
    fuzzy: (term) => (unknown.has(term) && term.length >= 4 && !/\d/.test(term) ? 1 : false),
    // Only the last word may be unfinished.
    prefix: (term, i, terms) => unknown.has(term) && term.length >= 3 && i === terms.length - 1,
    weights: { fuzzy: 0.35, prefix: 0.5 },
  };
}

function otherLanguage(language: Language): Language {
  return language === 'vi' ? 'en' : 'vi';
}

function countTerms(df: Map<string, number>, ...fields: string[]): void {
  for (const term of new Set(fields.join(' ').split(' '))) if (term !== '') df.set(term, (df.get(term) ?? 0) + 1);
}

function faqDocument(entry: FaqEntry, topics: readonly Topic[]): IndexedDoc {
  const topic = topics.find((t) => t.id === entry.topic);
  const qVi = [entry.question.vi, ...(entry.alternatives?.vi ?? []), ...(entry.keywords ?? [])].join(' \n ');
  const qEn = [entry.question.en, ...(entry.alternatives?.en ?? []), ...(entry.keywords ?? [])].join(' \n ');
  const bVi = [entry.answer.vi, topic?.title.vi ?? ''].join(' \n ');
  const bEn = [entry.answer.en, topic?.title.en ?? ''].join(' \n ');
  return document(`faq:${entry.id}`, qVi, bVi, qEn, bEn);
}

function topicDocument(topic: Topic): IndexedDoc {
  const qVi = [topic.title.vi, ...(topic.keywords ?? [])].join(' \n ');
  const qEn = [topic.title.en, ...(topic.keywords ?? [])].join(' \n ');
  const bVi = [topic.summary.vi, ...topic.keyPoints.map((k) => k.vi), ...topic.learnMore.map((s) => s.title.vi)].join(' \n ');
  const bEn = [topic.summary.en, ...topic.keyPoints.map((k) => k.en), ...topic.learnMore.map((s) => s.title.en)].join(' \n ');
  return document(`topic:${topic.id}`, qVi, bVi, qEn, bEn);
}

function document(key: string, qVi: string, bVi: string, qEn: string, bEn: string): IndexedDoc {
  // Word pairs only in the short question fields: they carry the phrases ("hợp quy", "đo lường"), and
  // pairs from long answers would multiply the index size for little gain.
  const fields: Record<Field, string> = {
    q_vi: indexTerms(qVi, 'vi', 'folded', true),
    b_vi: indexTerms(bVi, 'vi', 'folded', false),
    qx_vi: indexTerms(qVi, 'vi', 'exact', true),
    q_en: indexTerms(qEn, 'en', 'folded', true),
    b_en: indexTerms(bEn, 'en', 'folded', false),
  };
  return { key, ...fields };
}

function indexTerms(text: string, language: Language, form: Form, withPairs: boolean): string {
  // Lines are analysed separately so that no word pair spans two phrasings.
  return text
    .split('\n')
    .map((line) => {
      const analysis = analyze(line, language, form);
      return withPairs ? termsOf(analysis) : analysis.unigrams.join(' ');
    })
    .join(' ');
}

function termsOf(analysis: Analysis): string {
  return [...analysis.unigrams, ...analysis.bigrams].join(' ');
}

function splitTerms(text: string): string[] {
  return text.split(' ').filter((t) => t !== '');
}

function splitKey(key: string): ['faq' | 'topic', string] {
  const at = key.indexOf(':');
  return [key.slice(0, at) === 'topic' ? 'topic' : 'faq', key.slice(at + 1)];
}
