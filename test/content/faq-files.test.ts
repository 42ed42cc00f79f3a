import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ContentError } from '../../src/content/errors.js';
import { loadContent } from '../../src/content/load.js';
import type { FaqEntry } from '../../src/content/types.js';

/** The entries written for what businesses ask on Messenger (ids `<topic>-dn-<n>`); each answer cites an article. */
function businessEntries(): FaqEntry[] {
  return loadContent('content').faq.filter((e) => e.id.includes('-dn-'));
}

const copies: string[] = [];

function copyOfContent(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cau-noi-faq-files-'));
  cpSync('content', dir, { recursive: true });
  copies.push(dir);
  return dir;
}

function entriesOf(file: string): FaqEntry[] {
  return (JSON.parse(readFileSync(join('content', 'faq', file), 'utf8')) as { entries: FaqEntry[] }).entries;
}

afterEach(() => {
  for (const dir of copies.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('FAQ files under content/faq', () => {
  it('when a new FAQ file for an existing topic is added, then its entries load next to the others', () => {
    const dir = copyOfContent();
    const before = loadContent(dir).faq.length;
    const [entry] = entriesOf('do-luong.json');
    writeFileSync(join(dir, 'faq', 'do-luong-them.json'), JSON.stringify({ topic: 'do-luong', entries: [{ ...entry, id: 'do-luong-them-01' }] }));
    const content = loadContent(dir);
    expect(content.faq.length).toBe(before + 1);
    expect(content.faqById.get('do-luong-them-01')?.question.vi).toBe(entry?.question.vi);
  });

  it('when a new FAQ file holds an entry of another topic, then the error names the file and the entry', () => {
    const dir = copyOfContent();
    const [entry] = entriesOf('do-luong.json');
    const file = join(dir, 'faq', 'chat-luong-them.json');
    writeFileSync(file, JSON.stringify({ topic: 'chat-luong', entries: [{ ...entry, id: 'chat-luong-them-01' }] }));
    let message = '';
    try {
      loadContent(dir);
    } catch (err) {
      if (!(err instanceof ContentError)) throw err;
      message = err.message;
    }
    expect(message).toContain(`${file}: entries[0].topic: entry is in the file for "chat-luong" but says topic "do-luong"`);
  });

  it('when the shipped FAQ is loaded, then it has at least 150 entries, all in Vietnamese and English', () => {
    const { faq } = loadContent('content');
    expect(faq.length).toBeGreaterThanOrEqual(150);
    for (const e of faq) {
      expect(e.question.en.trim(), e.id).not.toBe('');
      expect(e.answer.en.trim(), e.id).not.toBe('');
    }
  });

  it('when a business answer is read, then it cites an article of a catalogued document that was not replaced', () => {
    const content = loadContent('content');
    const business = businessEntries();
    expect(business.length).toBeGreaterThanOrEqual(65);
    for (const { id } of business) {
      const entry = content.faqById.get(id);
      expect(entry, id).toBeDefined();
      expect(
        entry?.sources.some((s) => (s.article ?? '').trim() !== ''),
        `${id} cites no article`,
      ).toBe(true);
      for (const s of entry?.sources ?? []) expect(content.documentById.get(s.document)?.status, `${id} cites ${s.document}`).not.toBe('replaced');
    }
  });

  it('when a business answer is confirmed, then none of its documents is itself unconfirmed', () => {
    const content = loadContent('content');
    for (const { id } of businessEntries()) {
      const entry = content.faqById.get(id);
      if (entry?.confidence !== 'confirmed') continue;
      const unsure = entry.sources.filter((s) => content.documentById.get(s.document)?.confidence === 'unconfirmed').map((s) => s.document);
      expect(unsure, id).toEqual([]);
    }
  });
});
