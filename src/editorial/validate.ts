import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ContentError, loadContent, type Content, type ContentProblem } from '../content/index.js';
import { writeContentFiles, type ContentFiles } from './files.js';

/** Content that passed the checks, or every problem found (paths relative to the content folder). */
export type CheckedContent = { ok: true; content: Content } | { ok: false; problems: ContentProblem[] };

/**
 * Runs exactly the checks of `npm run content:check` (`loadContent`) on content files held in
 * memory: they are written to a temporary folder, loaded and cross-checked there, and the
 * folder is removed. Problems name files as under `content/` (`faq/do-luong.json`).
 */
export function checkContentFiles(files: ContentFiles): CheckedContent {
  const dir = mkdtempSync(join(tmpdir(), 'caunoi-content-'));
  try {
    writeContentFiles(dir, files);
    return { ok: true, content: loadContent(dir) };
  } catch (err) {
    if (!(err instanceof ContentError)) throw err;
    return { ok: false, problems: err.problems.map((p) => ({ ...p, file: relative(dir, p.file) || p.file })) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
