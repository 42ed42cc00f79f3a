export { createSearchIndex, type SearchHit, type SearchIndex } from './search-index.js';
export { normalizeVietnamese } from './normalize.js';
