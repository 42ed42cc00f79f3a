export { createSearchIndex, type SearchHit, type SearchIndex, type SearchOptionsInput } from './search-index.js';
export { hasDiacritics, normalizeKeepingDiacritics, normalizeVietnamese } from './normalize.js';
export { repairTelexToken } from './telex.js';
