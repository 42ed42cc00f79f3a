import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { figuresIn } from '../../src/content/citation-rules.js';
import { loadContent } from '../../src/content/load.js';
import { IN_FORCE_STATUSES } from '../../src/content/types.js';
import { copyOfContent, problemsOf, readJson, setJson } from './content-copy.js';

interface FaqFile {
  entries: { id: string; sources: { document: string; article?: string }[] }[];
}
interface Catalogue {
  documents: { id: string }[];
}

/** Index of a FAQ entry in its file, so tests name entries by id rather than by position. */
function entryIndex(file: string, id: string): number {
  const index = readJson<FaqFile>(file).entries.findIndex((e) => e.id === id);
  if (index < 0) throw new Error(`no FAQ entry ${id} in ${file}`);
  return index;
}

function documentIndex(dir: string, id: string): number {
  const index = readJson<Catalogue>(join(dir, 'legal-documents.json')).documents.findIndex((d) => d.id === id);
  if (index < 0) throw new Error(`no document ${id}`);
  return index;
}

describe('citation rules on the shipped FAQ', () => {
  it('when the shipped FAQ is loaded, then every answer cites an article of a document in force', () => {
    const content = loadContent('content');
    const without = content.faq.filter(
      (e) => !e.sources.some((s) => s.article !== undefined && IN_FORCE_STATUSES.includes(content.documentById.get(s.document)!.status)),
    );
    expect(without.map((e) => e.id)).toEqual([]);
  });
});

describe('citation rules on broken content', () => {
  it('when a FAQ answer names no article, then the error names the file, the entry and its sources', () => {
    const dir = copyOfContent();
    const file = join(dir, 'faq', 'khieu-nai-to-cao.json');
    const i = entryIndex(file, 'kntc-06');
    setJson(file, `entries.${i}.sources`, [{ document: 'luat-02-2011-qh13' }]);
    expect(problemsOf(dir)).toContain(`${file}: entries[${i}].sources: FAQ "kntc-06": no source names an article`);
  });

  it('when the only article cited is of a document whose status is unknown, then the answer is rejected', () => {
    const dir = copyOfContent();
    const file = join(dir, 'faq', 'tieu-chuan-quy-chuan.json');
    const i = entryIndex(file, 'tcqc-03');
    setJson(file, `entries.${i}.sources`, [{ document: 'tt-28-2012-tt-bkhcn', article: 'Điều 3' }]);
    expect(problemsOf(dir)).toContain(`${file}: entries[${i}].sources: FAQ "tcqc-03": the articles cited are not of a document in force`);
  });

  it('when a FAQ answer cites a document marked replaced, then the citation is rejected even beside one in force', () => {
    const dir = copyOfContent();
    const catalogue = join(dir, 'legal-documents.json');
    const d = documentIndex(dir, 'nd-86-2012-nd-cp');
    setJson(catalogue, `documents.${d}.status`, 'replaced');
    setJson(catalogue, `documents.${d}.replacedBy`, 'nd-13-2022-nd-cp');
    const file = join(dir, 'faq', 'do-luong.json');
    const i = entryIndex(file, 'do-luong-04');
    const j = readJson<FaqFile>(file).entries[i]!.sources.findIndex((s) => s.document === 'nd-86-2012-nd-cp');
    expect(problemsOf(dir)).toContain(
      `${file}: entries[${i}].sources[${j}]: cites "nd-86-2012-nd-cp", which is marked replaced (replaced by "nd-13-2022-nd-cp")`,
    );
  });

  it('when a topic cites a document marked repealed, then the topic field is named', () => {
    const dir = copyOfContent();
    const catalogue = join(dir, 'legal-documents.json');
    const d = documentIndex(dir, 'qd-19-2014-qd-ttg');
    setJson(catalogue, `documents.${d}.status`, 'repealed');
    setJson(catalogue, `documents.${d}.note`, { vi: 'Đã bãi bỏ (ví dụ trong kiểm thử).', en: 'Repealed (test example).' });
    const topic = join(dir, 'topics', 'thu-tuc-hanh-chinh.json');
    const k = readJson<{ documents: string[] }>(topic).documents.indexOf('qd-19-2014-qd-ttg');
    expect(problemsOf(dir)).toContain(`${topic}: documents[${k}]: cites "qd-19-2014-qd-ttg", which is marked repealed; cite the document in force`);
  });

  it('when a repealed document has no note, then the catalogue entry is rejected', () => {
    const dir = copyOfContent();
    const d = documentIndex(dir, 'ke-hoach-dan-van-2023');
    const catalogue = join(dir, 'legal-documents.json');
    setJson(catalogue, `documents.${d}.status`, 'repealed');
    setJson(catalogue, `documents.${d}.note`, undefined);
    expect(problemsOf(dir)).toContain(`${catalogue}: documents[${d}].note: a repealed document needs a note`);
  });

  it('when an answer marked unconfirmed states a figure, then the answer field is named with the figure', () => {
    const dir = copyOfContent();
    const file = join(dir, 'faq', 'khieu-nai-to-cao.json');
    const i = entryIndex(file, 'kntc-02');
    setJson(file, `entries.${i}.confidence`, 'unconfirmed');
    const message = problemsOf(dir);
    expect(message).toContain(`${file}: entries[${i}].answer.vi: FAQ "kntc-02" is marked unconfirmed but states "90 ngày"`);
    expect(message).toContain(`${file}: entries[${i}].answer.en: FAQ "kntc-02" is marked unconfirmed but states "90 days"`);
  });

  it('when a figure rests only on an article of an unconfirmed document, then it lacks a source that carries it', () => {
    const dir = copyOfContent();
    const catalogue = join(dir, 'legal-documents.json');
    setJson(catalogue, `documents.${documentIndex(dir, 'luat-49-2010-qh12')}.confidence`, 'unconfirmed');
    const file = join(dir, 'faq', 'chuyen-doi-so.json');
    const i = entryIndex(file, 'cds-07');
    expect(problemsOf(dir)).toContain(
      `${file}: entries[${i}].answer.vi: FAQ "cds-07" states "06 tháng", "01 tháng", "02 tháng", "03 tháng" without a source that carries it`,
    );
  });

  it('when an article is written in English or without its number, then the source is rejected', () => {
    const dir = copyOfContent();
    const file = join(dir, 'faq', 'khieu-nai-to-cao.json');
    const i = entryIndex(file, 'kntc-02');
    setJson(file, `entries.${i}.sources.0.article`, 'Article 9');
    expect(problemsOf(dir)).toContain(`${file}: entries[${i}].sources[0].article: "Article 9" is not an article written as the law numbers it`);
  });
});

describe('figuresIn', () => {
  it('when a text states time limits, terms or amounts, then each is found as written', () => {
    expect(figuresIn('thẩm định trong 01 tháng, nội dung không quá 9 tháng; hiệu lực 10 năm; lệ phí 150.000 đồng; 5 ngày làm việc')).toEqual([
      '01 tháng',
      '9 tháng',
      '10 năm',
      '150.000 đồng',
      '5 ngày',
    ]);
    expect(figuresIn('within 30 days, renewable for 10 years, 5 working days')).toEqual(['30 days', '10 years', '5 working days']);
  });

  it('when a text holds only dates, document numbers and article numbers, then no figure is found', () => {
    expect(figuresIn('Luật số 70/2025/QH15 ngày 14/6/2025, hiệu lực từ 01/01/2026 (Điều 93); năm 2025; Thứ Năm tuần thứ hai')).toEqual([]);
    expect(figuresIn('Law No. 70/2025/QH15 of 14 June 2025, Article 93, in force from 1 January 2026')).toEqual([]);
  });
});
