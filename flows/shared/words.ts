import { LANGUAGES } from '../../src/domain/vocabulary.js';
import { phraseValue } from '../../src/i18n.js';
import { normalizeVietnamese } from '../../src/search/index.js';

/** Folds typed text for comparison: lowercase, no diacritics, đ → d, punctuation dropped. */
function fold(text: string): string {
  return normalizeVietnamese(text);
}

const cache = new Map<string, Set<string>>();

/**
 * The folded phrases listed under `key` in every language (e.g. `commands:menu` lists
 * "menu", "hủy", "cancel"…), so a person may type either language's word at any time.
 * Lists live in the phrase files, editable without code.
 */
function phraseSet(key: string): Set<string> {
  let set = cache.get(key);
  if (!set) {
    set = new Set<string>();
    for (const language of LANGUAGES) {
      const list = phraseValue(language, key);
      if (!Array.isArray(list)) throw new Error(`phrase list ${key} (${language}) must be a list of words`);
      for (const word of list) if (typeof word === 'string' && fold(word) !== '') set.add(fold(word));
    }
    cache.set(key, set);
  }
  return set;
}

/** True when the whole typed text is one of the phrases under `key`. */
export function isPhrase(key: string, text: string): boolean {
  return text !== '' && text.length <= 60 && phraseSet(key).has(fold(text));
}
