/**
 * Repairs folded tokens that still carry Telex keystrokes, as typed when the input method was off
 * or lagged: "kys" (ký), "nhanx" (nhãn), "hieeuj" (hiệu), "dduowngf" (đường), "truwowngf" (trường).
 * A token is changed only when it is not already a plausible Vietnamese syllable and the repaired
 * form is one, so English words and abbreviations pass through untouched.
 */

const INITIALS = '(?:ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdghklmnpqrstvx])?';
const NUCLEI = '(?:uyeu|uye|uya|uoi|uou|ieu|yeu|oai|oay|oeo|uay|uoi|uya|ai|ao|au|ay|eo|eu|ia|ie|iu|oa|oe|oi|oo|ua|ue|ui|uo|uu|uy|ye|a|e|i|o|u|y)';
const FINALS = '(?:ch|ng|nh|c|m|n|p|t)?';
const SYLLABLE = new RegExp(`^${INITIALS}${NUCLEI}${FINALS}$`);

/** True when `token` (folded, lowercase) has the shape of a Vietnamese syllable. */
function isPlausibleSyllable(token: string): boolean {
  return SYLLABLE.test(token);
}

/** Returns the folded syllable a Telex-typed token stands for, or the token itself when unsure. */
export function repairTelexToken(token: string): string {
  if (token.length < 2 || !/^[a-z]+$/.test(token) || isPlausibleSyllable(token)) return token;
  let repaired = token
    .replace(/dd/g, 'd')
    .replace(/uow/g, 'uo')
    .replace(/([aou])w/g, '$1')
    .replace(/aa/g, 'a')
    .replace(/ee/g, 'e')
    .replace(/oo/g, 'o');
  // A tone key (s f r x j) typed after the syllable, or between its vowel and final consonant.
  repaired = repaired.replace(/[sfrxj]$/, '');
  if (!isPlausibleSyllable(repaired)) {
    const moved = repaired.replace(/([aeiouy])[sfrxj](ch|ng|nh|c|m|n|p|t)$/, '$1$2');
    if (isPlausibleSyllable(moved)) repaired = moved;
  }
  return isPlausibleSyllable(repaired) ? repaired : token;
}
