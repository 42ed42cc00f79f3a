import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join as joinPath } from 'node:path';
import type { ContentProblem } from './errors.js';

type Tree = { [key: string]: string | Tree };

function flatten(tree: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof tree !== 'object' || tree === null) return out;
  for (const [key, value] of Object.entries(tree as Tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    // Lists (words the bot accepts, e.g. greetings) may differ in length between languages.
    else if (Array.isArray(value)) out.set(path, '');
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

/** i18next plural forms (`key_one`, `key_other`) count as one phrase: languages differ in how many they need. */
const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

function byPhrase(keys: Map<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, text] of keys) {
    const base = key.replace(PLURAL_SUFFIX, '');
    if (!out.has(base) || key.endsWith('_other')) out.set(base, text);
  }
  return out;
}

const placeholders = (text: string): string =>
  [...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)]
    .map((m) => m[1])
    .sort()
    .join(',');

/**
 * Checks the bot phrases in `i18n/vi` and `i18n/en`: the same files and keys in both languages,
 * the same `{{placeholders}}` in both, and Vietnamese saved in composed Unicode (NFC).
 */
export function checkPhrases(dir: string, problems: ContentProblem[]): void {
  const read = (language: string): Map<string, Map<string, string>> => {
    const folder = joinPath(dir, 'i18n', language);
    const files = new Map<string, Map<string, string>>();
    if (!existsSync(folder)) {
      problems.push({ file: folder, field: '', message: 'folder is missing' });
      return files;
    }
    for (const name of readdirSync(folder)
      .filter((n) => n.endsWith('.json'))
      .sort()) {
      const file = joinPath(folder, name);
      try {
        files.set(name, byPhrase(flatten(JSON.parse(readFileSync(file, 'utf8')))));
      } catch (err) {
        problems.push({ file, field: '', message: `is not valid JSON (${err instanceof Error ? err.message : String(err)})` });
      }
    }
    return files;
  };
  const vi = read('vi');
  const en = read('en');
  for (const [name, viKeys] of vi) {
    const viFile = joinPath(dir, 'i18n', 'vi', name);
    const enFile = joinPath(dir, 'i18n', 'en', name);
    const enKeys = en.get(name);
    if (!enKeys) {
      problems.push({ file: enFile, field: '', message: `is missing; i18n/vi/${name} has no English counterpart` });
      continue;
    }
    for (const [key, text] of viKeys) {
      if (text.normalize('NFC') !== text) problems.push({ file: viFile, field: key, message: 'must be in composed Unicode (NFC); re-save the file as NFC' });
      const english = enKeys.get(key);
      if (english === undefined) problems.push({ file: enFile, field: key, message: 'phrase is missing in English' });
      else if (placeholders(english) !== placeholders(text)) {
        problems.push({ file: enFile, field: key, message: `placeholders differ from Vietnamese ({{${placeholders(text)}}} vs {{${placeholders(english)}}})` });
      }
    }
    for (const key of enKeys.keys()) if (!viKeys.has(key)) problems.push({ file: viFile, field: key, message: 'phrase is missing in Vietnamese' });
  }
  for (const name of en.keys())
    if (!vi.has(name))
      problems.push({ file: joinPath(dir, 'i18n', 'vi', name), field: '', message: `is missing; i18n/en/${name} has no Vietnamese counterpart` });
}
