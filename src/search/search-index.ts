import MiniSearch, { type SearchOptions, type SearchResult } from 'minisearch';
import type { Content, FaqEntry, Language, Topic, TopicId } from '../content/types.js';
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

export interface SearchOptionsInput {
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

interface IndexedDoc {
  key: string;
  [field: string]: string;
}

const FIELDS = ['q_vi', 'b_vi', 'qx_vi', 'bx_vi', 'q_en', 'b_en'] as const;
type Field = (typeof FIELDS)[number];

// Question, phrasings and keywords say what an entry is about; the answer only supports it.
const FOLDED_BOOST: Record<Language, Record<string, number>> = {
  vi: { q_vi: 3, b_vi: 0.6 },
  en: { q_en: 3, b_en: 0.6 },
};
const EXACT_BOOST = { qx_vi: 3, bx_vi: 0.6 };
/** Weight of the exact-diacritic pass added to the folded score; enough to reorder folding collisions. */
const EXACT_WEIGHT = 1.2;
/** Topics are for browsing; a matching FAQ answer usually serves the question better. */
const TOPIC_WEIGHT = 0.6;
/** Share of the query's words an entry must contain to be a strong hit. */
const STRONG_COVERAGE = 0.5;

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
  for (const entry of content.faq) {
    mini.add(faqDocument(entry, content.topics));
    topicOf.set(`faq:${entry.id}`, entry.topic);
  }
  for (const topic of content.topics) {
    mini.add(topicDocument(topic));
    topicOf.set(`topic:${topic.id}`, topic.id);
  }

  const searchLanguage = (query: string, language: Language, limit: number): SearchHit[] => {
    const folded = analyze(query, language, 'folded', MAX_QUERY_WORDS);
    // Only stop words ("là gì vậy"): nothing to look for, and word pairs of fillers mean nothing.
    if (folded.unigrams.length === 0) return [];
    const scores = new Map<string, { score: number; matched: Set<string>; exact: Set<string> }>();
    const collect = (results: SearchResult[], weight: number, queryTerms: Set<string>): void => {
      for (const r of results) {
        const slot = scores.get(String(r.id)) ?? { score: 0, matched: new Set<string>(), exact: new Set<string>() };
        slot.score += r.score * weight * (String(r.id).startsWith('topic:') ? TOPIC_WEIGHT : 1);
        for (const term of r.queryTerms) if (queryTerms.has(term)) slot.matched.add(term);
        for (const term of r.terms) if (queryTerms.has(term)) slot.exact.add(term);
        scores.set(String(r.id), slot);
      }
    };
    const foldedUnigrams = new Set(folded.unigrams);
    collect(mini.search(termsOf(folded), foldedOptions(language)), 1, foldedUnigrams);
    // The exact pass only matters when the person typed diacritics; otherwise it equals the folded one.
    if (language === 'vi' && hasDiacritics(query)) {
      const exact = analyze(query, 'vi', 'exact', MAX_QUERY_WORDS);
      collect(mini.search(termsOf(exact), { fields: ['qx_vi', 'bx_vi'], boost: EXACT_BOOST, combineWith: 'OR' }), EXACT_WEIGHT, new Set());
    }
    const wanted = Math.max(1, foldedUnigrams.size);
    return [...scores.entries()]
      .sort((a, b) => b[1].score - a[1].score)
      .slice(0, limit)
      .map(([key, slot]) => {
        const [kind, id] = splitKey(key);
        const coverage = slot.matched.size / wanted;
        const strong = coverage >= STRONG_COVERAGE && slot.exact.size >= Math.min(2, wanted);
        return { id, kind, topic: topicOf.get(key) as TopicId, score: slot.score, confidence: strong ? 'strong' : 'weak', language };
      });
  };

  return {
    search(query, options = {}) {
      const language = options.language ?? 'vi';
      const limit = options.limit ?? 5;
      const hits = searchLanguage(query, language, limit);
      if (hits[0]?.confidence === 'strong') return hits;
      // People switch languages mid-conversation; try the other one before giving up.
      const other = searchLanguage(query, language === 'vi' ? 'en' : 'vi', limit);
      return other[0]?.confidence === 'strong' ? other : hits;
    },
  };
}

function foldedOptions(language: Language): SearchOptions {
  return {
    fields: Object.keys(FOLDED_BOOST[language]),
    boost: FOLDED_BOOST[language],
    combineWith: 'OR',
    // Typos: one edit for words of 4+ letters; never on word pairs, digits or short syllables.
    fuzzy: (term) => (term.includes('_') || /\d/.test(term) || term.length < 4 ? false : 1),
    prefix: (term) => !term.includes('_') && term.length >= 4,
    weights: { fuzzy: 0.35, prefix: 0.5 },
  };
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
  const fields: Record<Field, string> = {
    q_vi: indexTerms(qVi, 'vi', 'folded'),
    b_vi: indexTerms(bVi, 'vi', 'folded'),
    qx_vi: indexTerms(qVi, 'vi', 'exact'),
    bx_vi: indexTerms(bVi, 'vi', 'exact'),
    q_en: indexTerms(qEn, 'en', 'folded'),
    b_en: indexTerms(bEn, 'en', 'folded'),
  };
  return { key, ...fields };
}

function indexTerms(text: string, language: Language, form: Form): string {
  // Lines are analysed separately so that no word pair spans two phrasings.
  return text
    .split('\n')
    .map((line) => termsOf(analyze(line, language, form)))
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
