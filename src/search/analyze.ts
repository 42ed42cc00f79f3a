import type { Language } from '../domain/vocabulary.js';
import { normalizeKeepingDiacritics, normalizeVietnamese } from './normalize.js';
import { repairTelexToken } from './telex.js';
import { ENGLISH_STOP_WORDS, EXPANSIONS, VARIANTS, VIETNAMESE_STOP_WORDS } from './vocabulary.js';

/** `folded`: diacritics stripped (matches any spelling); `exact`: diacritics kept (ranks exact tones first). */
export type Form = 'folded' | 'exact';

/** Index and query terms: single words and, joined by `_`, adjacent word pairs (Vietnamese words span syllables). */
export interface Analysis {
  unigrams: string[];
  bigrams: string[];
}

export interface AnalyzeOptions {
  /** Words beyond this many are ignored (a 5,000-character message is cut so search stays fast). */
  maxWords?: number;
  /** Repair Telex leftovers ("kys" → "ky"); meant for what people type, not for the curated content. */
  repairTelex?: boolean;
}

/** Longest query we analyse, in words. */
export const MAX_QUERY_WORDS = 40;

// Both forms split on the same non-letter characters, so the folded text's words line up one to one
// with the exact text's words; the folded word is the key for variants, expansions and stop words.
const expansionCache = new Map<string, { folded: string[]; exact: string[] }>();

/**
 * Turns text into search terms for one language and form. The same function serves indexing and
 * querying, which is what makes folded queries meet folded content.
 */
export function analyze(text: string, language: Language, form: Form, options: AnalyzeOptions = {}): Analysis {
  const maxWords = options.maxWords ?? Number.POSITIVE_INFINITY;
  const foldedText = normalizeVietnamese(text);
  if (foldedText === '') return { unigrams: [], bigrams: [] };
  const foldedWords = foldedText.split(' ').slice(0, maxWords);
  let surfaceWords = foldedWords;
  if (form === 'exact') {
    const exactWords = normalizeKeepingDiacritics(text).split(' ').slice(0, maxWords);
    // A mismatch would need an unusual character; fall back to folding rather than misalign words.
    surfaceWords = exactWords.length === foldedWords.length ? exactWords : foldedWords;
  }

  const words: string[] = [];
  const keys: string[] = [];
  foldedWords.forEach((foldedWord, i) => {
    const variant = VARIANTS.get(foldedWord);
    if (variant !== undefined) {
      for (const w of variant.split(' ')) {
        words.push(w);
        keys.push(w);
      }
      return;
    }
    let word = surfaceWords[i] ?? foldedWord;
    let key = foldedWord;
    if (options.repairTelex && form === 'folded' && language === 'vi') {
      word = repairTelexToken(word);
      key = word;
    }
    if (language === 'en') {
      word = stemEnglish(word);
      key = word;
    }
    words.push(word);
    keys.push(key);
    const expansion = expansionFor(foldedWord);
    if (expansion) {
      const expanded = form === 'folded' ? expansion.folded : expansion.exact;
      expanded.forEach((w, j) => {
        words.push(w);
        keys.push(expansion.folded[j] ?? w);
      });
    }
  });

  const stopWords = language === 'en' ? ENGLISH_STOP_WORDS : VIETNAMESE_STOP_WORDS;
  const unigrams = words.filter((_w, i) => !stopWords.has(keys[i] as string));
  const bigrams: string[] = [];
  for (let i = 0; i + 1 < words.length; i += 1) bigrams.push(`${words[i]}_${words[i + 1]}`);
  return { unigrams, bigrams };
}

function expansionFor(foldedWord: string): { folded: string[]; exact: string[] } | undefined {
  const source = EXPANSIONS.get(foldedWord);
  if (source === undefined) return undefined;
  let cached = expansionCache.get(foldedWord);
  if (!cached) {
    cached = { folded: normalizeVietnamese(source).split(' '), exact: normalizeKeepingDiacritics(source).split(' ') };
    expansionCache.set(foldedWord, cached);
  }
  return cached;
}

/** A light plural fold, enough for "trademarks"/"trademark" and "companies"/"company". */
function stemEnglish(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us')) return word.slice(0, -1);
  return word;
}
