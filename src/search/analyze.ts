import type { Language } from '../content/types.js';
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

/** Longest query we analyse; a 5,000-character message is cut here so search stays fast. */
export const MAX_QUERY_WORDS = 40;

/**
 * Turns text into search terms for one language and form. The same function serves indexing and
 * querying, which is what makes folded queries meet folded content.
 */
export function analyze(text: string, language: Language, form: Form, maxWords = Number.POSITIVE_INFINITY): Analysis {
  const normalized = form === 'folded' ? normalizeVietnamese(text) : normalizeKeepingDiacritics(text);
  const raw = normalized === '' ? [] : normalized.split(' ').slice(0, maxWords);
  const words: string[] = [];
  for (const word of raw) {
    const folded = form === 'folded' ? word : normalizeVietnamese(word);
    const variant = VARIANTS[folded];
    if (variant !== undefined) {
      words.push(...variant.split(' '));
      continue;
    }
    const repaired = form === 'folded' && language === 'vi' ? repairTelexToken(word) : word;
    words.push(language === 'en' ? stemEnglish(repaired) : repaired);
    const expansion = EXPANSIONS[folded];
    if (expansion !== undefined) {
      const expanded = form === 'folded' ? normalizeVietnamese(expansion) : normalizeKeepingDiacritics(expansion);
      words.push(...expanded.split(' '));
    }
  }
  const unigrams = words.filter((w) => !isStopWord(w, language, form));
  const bigrams: string[] = [];
  for (let i = 0; i + 1 < words.length; i += 1) bigrams.push(`${words[i]}_${words[i + 1]}`);
  return { unigrams, bigrams };
}

function isStopWord(word: string, language: Language, form: Form): boolean {
  if (language === 'en') return ENGLISH_STOP_WORDS.has(word);
  return VIETNAMESE_STOP_WORDS.has(form === 'folded' ? word : normalizeVietnamese(word));
}

/** A light plural fold, enough for "trademarks"/"trademark" and "companies"/"company". */
function stemEnglish(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us')) return word.slice(0, -1);
  return word;
}
