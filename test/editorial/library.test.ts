import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { readContentFiles, writeContentFiles } from '../../src/editorial/files.js';
import { ContentLibrary } from '../../src/editorial/library.js';
import { markPublished, publishItems, readPublishedItem, readVersion } from '../../src/editorial/store.js';
import { syncContentFromFiles } from '../../src/editorial/sync.js';
import { clearDatabase, useTestDatabase } from '../support/database.js';
import { waitUntil } from '../support/recording-channel.js';

useTestDatabase('content_library');
const folders: string[] = [];
const EDITOR = { username: 'bientap', displayName: 'Biên tập viên' };

/** A copy of content/ where `change` edits the parsed files. */
function contentCopy(change: (files: Map<string, unknown>) => void = () => undefined): string {
  const dir = mkdtempSync(join(tmpdir(), 'caunoi-files-'));
  folders.push(dir);
  cpSync('content', dir, { recursive: true });
  const files = readContentFiles(dir);
  change(files);
  writeContentFiles(dir, files);
  return dir;
}

type FaqFile = { entries: { id: string; answer: { vi: string } }[] };
function setAnswer(files: Map<string, unknown>, id: string, vi: string): void {
  const file = files.get('faq/do-luong.json') as FaqFile;
  file.entries.find((e) => e.id === id)!.answer.vi = vi;
}

beforeEach(async () => clearDatabase());
afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

describe('content in the database', () => {
  it('when content is published on one instance, then another instance answers from it within seconds, search included', async () => {
    await syncContentFromFiles('content');
    const here = new ContentLibrary();
    const there = new ContentLibrary({ pollMs: 100 });
    await here.load();
    await there.load();
    there.start();
    try {
      const item = await readPublishedItem('faq:do-luong-01');
      const value = { ...item!.value, question: { vi: 'Cân tiểu ly vàng bạc có phải kiểm định không?', en: 'Must a gold scale be verified?' } };
      await publishItems([{ id: item!.id, kind: 'faq', key: item!.key, value }], EDITOR, 'console');
      await markPublished(EDITOR);
      await waitUntil(
        () => there.current().content.faqById.get('do-luong-01')?.question.vi.startsWith('Cân tiểu ly') === true,
        10_000,
        'reload on the other instance',
      );
      expect(there.current().search.search('can tieu ly vang bac kiem dinh')[0]).toMatchObject({ id: 'do-luong-01', confidence: 'strong' });
      expect(here.current().content.faqById.get('do-luong-01')?.question.vi).not.toContain('tiểu ly');
      expect(await here.refresh()).toBe(true);
      expect(here.current().content.faqById.get('do-luong-01')?.question.vi).toContain('tiểu ly');
    } finally {
      there.stop();
    }
  });

  it('when an earlier version is restored, then it is published again as a new version, and every version says who and when', async () => {
    await syncContentFromFiles('content');
    const original = await readPublishedItem('faq:do-luong-02');
    await publishItems([{ id: original!.id, kind: 'faq', key: original!.key, value: { ...original!.value, reviewedAt: '2026-11-30' } }], EDITOR, 'console');
    const old = await readVersion('faq:do-luong-02', 1);
    await publishItems([{ id: original!.id, kind: 'faq', key: original!.key, value: old!.value }], EDITOR, 'restore');
    const now = await readPublishedItem('faq:do-luong-02');
    expect(now!.value).toEqual(original!.value);
    expect(now!.history.map((h) => [h.version, h.by, h.source])).toEqual([
      [1, 'files', 'files'],
      [2, 'bientap', 'console'],
      [3, 'bientap', 'restore'],
    ]);
  });

  it('when newer files meet an installation, then items nobody edited take the files, and an item edited in the console keeps its edit and is marked', async () => {
    await syncContentFromFiles('content');
    const edited = await readPublishedItem('faq:do-luong-01');
    await publishItems(
      [
        {
          id: edited!.id,
          kind: 'faq',
          key: edited!.key,
          value: { ...edited!.value, answer: { ...(edited!.value.answer as object), vi: 'Câu trả lời sửa trong trang quản trị.' } },
        },
      ],
      EDITOR,
      'console',
    );

    const newer = contentCopy((files) => {
      setAnswer(files, 'do-luong-01', 'Câu trả lời mới trong tệp cho mục đã sửa.');
      setAnswer(files, 'do-luong-02', 'Câu trả lời mới trong tệp cho mục chưa ai sửa.');
    });
    const report = await syncContentFromFiles(newer);
    expect(report.updated).toEqual(['faq:do-luong-02']);
    expect(report.conflicts).toEqual(['faq:do-luong-01']);
    expect(((await readPublishedItem('faq:do-luong-02'))!.value.answer as { vi: string }).vi).toBe('Câu trả lời mới trong tệp cho mục chưa ai sửa.');
    const kept = await readPublishedItem('faq:do-luong-01');
    expect((kept!.value.answer as { vi: string }).vi).toBe('Câu trả lời sửa trong trang quản trị.');
    expect(kept!.fileConflict?.json).toContain('Câu trả lời mới trong tệp cho mục đã sửa.');

    // Starting again with the same files changes nothing more.
    expect(await syncContentFromFiles(newer)).toMatchObject({ added: [], updated: [], conflicts: [] });
  });
});
