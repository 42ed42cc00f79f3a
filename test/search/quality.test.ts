import { beforeAll, describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/load.js';
import { createSearchIndex, type SearchIndex } from '../../src/search/search-index.js';
import { hasDiacritics } from '../../src/search/normalize.js';
import { QUALITY_QUERIES } from './quality-queries.js';

let index: SearchIndex;

beforeAll(() => {
  index = createSearchIndex(loadContent('content'));
});

describe('search quality over the shipped FAQ', () => {
  it('when the realistic question set is asked, then at least 90% find an expected entry in the top 3', () => {
    const misses: string[] = [];
    let top1 = 0;
    let top3 = 0;
    for (const { query, expected, language } of QUALITY_QUERIES) {
      const ids = index.search(query, { language: language ?? 'vi', limit: 3 }).map((h) => h.id);
      if (ids[0] !== undefined && expected.includes(ids[0])) top1 += 1;
      if (ids.some((id) => expected.includes(id))) top3 += 1;
      else misses.push(`${query} → [${ids.join(', ')}] (expected ${expected.join(' or ')})`);
    }
    const n = QUALITY_QUERIES.length;
    const unaccented = QUALITY_QUERIES.filter((q) => !hasDiacritics(q.query)).length;
    console.log(
      `search quality: ${n} questions (${unaccented} without diacritics): ` +
        `top-1 ${((100 * top1) / n).toFixed(1)}%, top-3 ${((100 * top3) / n).toFixed(1)}%` +
        (misses.length ? `\n  misses:\n    ${misses.join('\n    ')}` : ''),
    );
    expect(n).toBeGreaterThanOrEqual(50);
    expect(unaccented * 2).toBeGreaterThanOrEqual(n - QUALITY_QUERIES.filter((q) => q.language === 'en').length);
    expect(top3 / n).toBeGreaterThanOrEqual(0.9);
  });

  it('when every expected id is looked up, then each names a real FAQ entry', () => {
    const content = loadContent('content');
    const unknown = QUALITY_QUERIES.flatMap((q) => q.expected).filter((id) => !content.faqById.has(id));
    expect(unknown).toEqual([]);
  });
});
