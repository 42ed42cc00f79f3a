import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ContentError } from '../../src/content/index.js';
import { readContentFiles, writeContentFiles } from '../../src/editorial/files.js';
import { readPublishedItem, readPublishedItems } from '../../src/editorial/store.js';
import { syncContentFromFiles } from '../../src/editorial/sync.js';
import { exportContent, importContent } from '../../src/editorial/transfer.js';
import { clearDatabase, useTestDatabase } from '../support/database.js';

useTestDatabase('content_transfer');
const folders: string[] = [];
function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'caunoi-transfer-'));
  folders.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

describe('content export and import', () => {
  it('when a new installation exports, imports into an empty database and exports again, then the files are the same, and they hold what content/ holds', async () => {
    await syncContentFromFiles('content');
    const first = folder();
    const paths = await exportContent(first);
    expect(paths).toContain('faq/do-luong.json');
    expect(paths).toContain('legal-documents.json');

    await clearDatabase();
    expect(await readPublishedItems()).toEqual([]);
    const report = await importContent(first);
    expect(report.removed).toBe(0);
    expect(report.added).toBeGreaterThan(100);
    const second = folder();
    expect(await exportContent(second)).toEqual(paths);
    for (const path of paths) expect(readFileSync(join(second, path), 'utf8'), path).toBe(readFileSync(join(first, path), 'utf8'));

    // Nothing of the shipped files is lost on the way (their own formatting aside).
    const shipped = readContentFiles('content');
    expect(new Map([...readContentFiles(second)])).toEqual(shipped);
  });

  it('when the files to import break a rule of content:check, then nothing is imported and the problem names the file and field', async () => {
    await clearDatabase();
    await syncContentFromFiles('content');
    const dir = folder();
    await exportContent(dir);
    const files = readContentFiles(dir);
    const faq = files.get('faq/do-luong.json') as { entries: { sources: { document: string }[] }[] };
    faq.entries[0]!.sources[0]!.document = 'khong-co-van-ban-nay';
    writeContentFiles(dir, files);
    const before = await readPublishedItem('faq:do-luong-01');

    const error = await importContent(dir).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ContentError);
    expect((error as ContentError).message).toContain('entries[0].sources[0]');
    expect((error as ContentError).message).toContain('khong-co-van-ban-nay');
    expect(await readPublishedItem('faq:do-luong-01')).toEqual(before);
  });
});
