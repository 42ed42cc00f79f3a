import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const copies: string[] = [];

/** A private copy of the shipped content that a test may break; removed by {@link removeContentCopies}. */
export function copyOfContent(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cau-noi-content-'));
  cpSync('content', dir, { recursive: true });
  copies.push(dir);
  return dir;
}

/** Removes every copy made since the last call (an `afterEach` hook). */
export function removeContentCopies(): void {
  for (const dir of copies.splice(0)) rmSync(dir, { recursive: true, force: true });
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
