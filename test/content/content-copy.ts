import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { ContentError } from '../../src/content/errors.js';
import { loadContent } from '../../src/content/load.js';

const copies: string[] = [];

afterEach(() => {
  for (const dir of copies.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A private copy of the shipped content that a test may break; removed after the test. */
export function copyOfContent(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cau-noi-content-'));
  cpSync('content', dir, { recursive: true });
  copies.push(dir);
  return dir;
}

/** Reads a JSON file of the copy. */
export function readJson<T = unknown>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/** Sets (or, with `undefined`, deletes) the value at a dotted path such as `entries.3.sources.0.document`. */
export function setJson(file: string, path: string, value: unknown): void {
  const root: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const keys = path.split('.');
  const last = keys.pop() as string;
  let node = root as Record<string, unknown>;
  for (const key of keys) node = node[key] as Record<string, unknown>;
  if (value === undefined) delete node[last];
  else node[last] = value;
  writeFileSync(file, JSON.stringify(root, null, 2));
}

/** The loader's error message for `dir`; fails the test when the content loads. */
export function problemsOf(dir: string): string {
  try {
    loadContent(dir);
  } catch (err) {
    if (err instanceof ContentError) return err.message;
    throw err;
  }
  throw new Error('expected the content to be rejected');
}
