import { beforeAll, describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/load.js';
import type { Content, FaqEntry, TopicId } from '../../src/content/types.js';
import { createSearchIndex, type SearchIndex } from '../../src/search/search-index.js';

function entry(id: string, topic: TopicId, questionVi: string, answerVi: string, questionEn: string): FaqEntry {
  return {
    id,
    topic,
    question: { vi: questionVi, en: questionEn },
    answer: { vi: answerVi, en: questionEn },
    sources: [{ document: 'luat-04-2011-qh13' }],
    reviewedAt: '2026-11-28',
    confidence: 'confirmed',
  };
}

/** Two entries whose key words fold to the same letters: "đường" and "dương" both become "duong". */
function collidingContent(order: 'duong-first' | 'dương-first'): Pick<Content, 'faq' | 'topics'> {
  const road = entry(
    'ong-duong-kinh',
    'do-luong',
    'Đo đường kính ống nước bằng dụng cụ nào?',
    'Dùng thước cặp đã hiệu chuẩn.',
    'Which tool measures pipe diameter?',
  );
  const solar = entry(
    'ngay-duong-lich',
    'khieu-nai-to-cao',
    'Ngày dương lịch nào Sở tiếp công dân?',
    'Xem lịch tiếp công dân hằng tháng.',
    'Which calendar day is reception?',
  );
  return { faq: order === 'duong-first' ? [road, solar] : [solar, road], topics: [] };
}

let shipped: SearchIndex;

beforeAll(() => {
  shipped = createSearchIndex(loadContent('content'));
});

describe('createSearchIndex', () => {
  it('when folding makes "đường" and "dương" collide, then the entry with the exact diacritics ranks first either way', () => {
    for (const order of ['duong-first', 'dương-first'] as const) {
      const index = createSearchIndex(collidingContent(order));
      expect(index.search('đường')[0]?.id).toBe('ong-duong-kinh');
      expect(index.search('dương')[0]?.id).toBe('ngay-duong-lich');
      // Without diacritics both are legitimate answers, so both are offered.
      expect(
        index
          .search('duong')
          .map((h) => h.id)
          .sort(),
      ).toEqual(['ngay-duong-lich', 'ong-duong-kinh']);
    }
  });

  it('when someone types "cong bo hop quy" without diacritics, then the conformity-declaration entries come first and strong', () => {
    const hits = shipped.search('cong bo hop quy', { limit: 3 });
    expect(hits.map((h) => h.id)).toEqual(expect.arrayContaining(['tcqc-02', 'tcqc-04']));
    expect(hits[0]).toMatchObject({ kind: 'faq', topic: 'tieu-chuan-quy-chuan', confidence: 'strong' });
  });

  it('when the query is "hợp qui" spelled with i, then it finds the same entries as "hợp quy"', () => {
    const withI = shipped.search('công bố hợp qui', { limit: 3 }).map((h) => h.id);
    const withY = shipped.search('công bố hợp quy', { limit: 3 }).map((h) => h.id);
    expect(withI[0]).toBe(withY[0]);
  });

  it('when the query is gibberish, emoji or stop words only, then there is no strong hit', () => {
    for (const query of ['asdkjh qwe zzz', 'xyzzy plugh frobnicate', '😀😀😀', 'lorem ipsum dolor sit amet', '???', '']) {
      const hits = shipped.search(query);
      expect(
        hits.every((h) => h.confidence === 'weak'),
        `query "${query}" gave ${JSON.stringify(hits[0])}`,
      ).toBe(true);
    }
    expect(shipped.search('là gì vậy ạ')).toEqual([]);
  });

  it('when an abbreviation is used (SHTT, TCĐLCL, KH&CN), then entries of its topic are found', () => {
    expect(shipped.search('SHTT nhãn hiệu')[0]?.topic).toBe('so-huu-tri-tue');
    // TCĐLCL is the standards–measurement–quality unit: any of its topics is a fair answer.
    expect(['tieu-chuan-quy-chuan', 'do-luong', 'chat-luong', 'thong-tin-ung-dung']).toContain(shipped.search('TCĐLCL hiệu chuẩn')[0]?.topic);
    expect(shipped.search('luật KH&CN mới')[0]?.topic).toBe('khcn-chinh-sach');
  });

  it('when the person writes in English, then English text is searched and the hit says so', () => {
    const [hit] = shipped.search('how long do I have to file a complaint', { language: 'en' });
    expect(hit).toMatchObject({ id: 'kntc-02', language: 'en', confidence: 'strong' });
  });

  it('when someone whose language is Vietnamese asks in English, then the English text still answers', () => {
    const [hit] = shipped.search('where do I register a trademark', { language: 'vi' });
    expect(hit).toMatchObject({ id: 'shtt-01', language: 'en', confidence: 'strong' });
  });

  it('when a 5,000-character message arrives, then search still finds its topic and stays within the limit (its speed is measured by `npm run bench`)', () => {
    const long = 'Tôi muốn hỏi về công bố hợp quy cho sản phẩm của công ty. '.repeat(90).slice(0, 5000);
    const hits = shipped.search(long, { limit: 2 });
    expect(hits.length).toBeLessThanOrEqual(2);
    expect(hits[0]?.topic).toBe('tieu-chuan-quy-chuan');
  });

  it('when topics match as well as FAQ entries, then hits name their kind and topics can be found by title', () => {
    const hits = shipped.search('sở hữu trí tuệ', { limit: 10 });
    expect(hits.some((h) => h.kind === 'topic' && h.id === 'so-huu-tri-tue')).toBe(true);
  });
});
