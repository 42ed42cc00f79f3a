import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { copyOfContent, removeContentCopies, setJson } from './content-copy.js';

// These start `npm run content:check` as a process, so they belong to the full tier, not the fast one.
const run = promisify(execFile);

afterEach(removeContentCopies);

describe('npm run content:check', () => {
  it('when npm run content:check meets broken content, then it prints file and field and exits with 1', async () => {
    const dir = copyOfContent();
    setJson(join(dir, 'faq', 'do-luong.json'), 'entries.3.sources.0.document', 'TT-99');
    const failure = await run(process.execPath, ['--import', 'tsx', 'scripts/content-check.ts', dir], { env: { ...process.env, LOG_LEVEL: 'silent' } }).then(
      () => undefined,
      (err: { code?: number; stderr?: string }) => err,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain('faq/do-luong.json: entries[3].sources[0]: unknown document "TT-99"');
  });

  it('when npm run content:check meets the shipped content, then it reports the counts and exits with 0', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/content-check.ts'], { env: { ...process.env, LOG_LEVEL: 'silent' } });
    expect(stdout).toMatch(/content OK: 10 topics, \d+ FAQ entries/);
  });
});
