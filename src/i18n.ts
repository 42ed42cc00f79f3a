import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import i18next, { type i18n, type TOptions } from 'i18next';
import { LANGUAGES, type Language } from './domain/vocabulary.js';

/**
 * Bot phrases live in `content/i18n/<language>/<namespace>.json`, editable without code.
 * Vietnamese is the default and the fallback for any phrase missing in English.
 *
 * The instance is process-wide on purpose: it holds only the phrases read from the content
 * files, the same for every service in a process, and no setting of a service.
 */
let instance: i18n | undefined;

/** Reads the phrase files under `contentDir` and makes them the phrases {@link t} answers with. */
export function loadI18n(contentDir = 'content'): i18n {
  const resources: Record<string, Record<string, unknown>> = {};
  const namespaces = new Set<string>();
  for (const lang of LANGUAGES) {
    resources[lang] = {};
    const dir = join(contentDir, 'i18n', lang);
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const ns = basename(file, '.json');
      namespaces.add(ns);
      resources[lang][ns] = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    }
  }
  const created = i18next.createInstance();
  void created.init({
    initAsync: false,
    resources: resources as never,
    lng: 'vi',
    fallbackLng: 'vi',
    supportedLngs: [...LANGUAGES],
    ns: [...namespaces],
    defaultNS: 'common',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  instance = created;
  return created;
}

function current(): i18n {
  return instance ?? loadI18n();
}

/** Translates `key` (`namespace:path`) into `language`, falling back to Vietnamese. */
export function t(language: Language, key: string, options: TOptions = {}): string {
  return current().t(key, { ...options, lng: language, returnObjects: false });
}

/** The phrase file's value at `key` as it is (a list of words, say), falling back to Vietnamese. */
export function phraseValue(language: Language, key: string): unknown {
  return current().t(key, { lng: language, returnObjects: true });
}

/** True when `key` exists for `language` (without falling back). */
export function hasPhrase(language: Language, key: string): boolean {
  return current().exists(key, { lng: language, fallbackLng: false });
}
