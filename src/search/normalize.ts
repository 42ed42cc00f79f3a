/**
 * Vietnamese text folding shared by indexing and querying, so both sides meet in one form.
 */

const COMBINING_MARKS = /[\u0300-\u036f]/g;
const TONE_MARKS = '\u0300\u0301\u0303\u0309\u0323';
// Old-style tone placement puts the mark on the first vowel of oa/oe/uy at a word's end (hòa, thùy);
// the new style puts it on the second (hoà, thuỳ). Both are in use, so exact forms are unified to the new one.
// Only oa, oe and uy move: in "của" or "mùa" the mark on u is the one correct place.
const OLD_TONE_PLACEMENT = new RegExp(`([oO])([${TONE_MARKS}])([aAeE])(?![\\p{L}\\p{M}])|([uU])([${TONE_MARKS}])([yY])(?![\\p{L}\\p{M}])`, 'gu');
// "KH&CN", "S&T": the ampersand joins an abbreviation; drop it so the letters stay one token.
const JOINING_AMPERSAND = /([^\s&])\s*&\s*(?=[^\s&])/g;
// Whitespace, ASCII punctuation and the common Unicode punctuation and symbol blocks. A plain character
// class is several times faster than \p{L}, which matters when indexing ten thousand entries.
const NOT_WORD = /[\s!-/:-@[-`{-~\u00a0-\u00bf\u00d7\u00f7\u2000-\u206f\u2190-\u2bff\u3000-\u303f\ufe30-\ufe4f\uff01-\uff0f]+/g;

/**
 * Folds Vietnamese (or English) text to a diacritic-free, lowercase, single-spaced form:
 * NFC → lowercase → strip combining marks (U+0300–U+036F) → đ→d → punctuation and spacing collapsed.
 * `đ` needs its own step because Unicode decomposition leaves it as a distinct letter.
 * Old and new tone placement (hòa/hoà), composed and decomposed input all fold to the same string.
 *
 * @example normalizeVietnamese('Công bố HỢP QUY (QCVN)!') === 'cong bo hop quy qcvn'
 */
export function normalizeVietnamese(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(JOINING_AMPERSAND, '$1')
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .replace(/đ/g, 'd')
    .replace(NOT_WORD, ' ')
    .trim();
}

/**
 * Lowercases and tidies text but keeps its diacritics, with tone placement unified to the new style,
 * so "hòa" and "hoà" still meet while "đường" and "dương" stay apart.
 */
export function normalizeKeepingDiacritics(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(JOINING_AMPERSAND, '$1')
    .normalize('NFD')
    .replace(OLD_TONE_PLACEMENT, (_m, o: string | undefined, oTone: string, oNext: string, u: string, uTone: string, y: string) =>
      o !== undefined ? `${o}${oNext}${oTone}` : `${u}${y}${uTone}`,
    )
    .normalize('NFC')
    .replace(NOT_WORD, ' ')
    .trim();
}

/** True when the text carries any Vietnamese diacritic (a combining mark after decomposition, or đ). */
export function hasDiacritics(text: string): boolean {
  const decomposed = text.normalize('NFD');
  return /[\u0300-\u036f]/.test(decomposed) || /[đĐ]/.test(decomposed);
}
