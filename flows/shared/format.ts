import type { Content, LegalDocument, SourceRef } from '../../src/content/index.js';
import type { Language } from '../../src/domain/vocabulary.js';
import { t } from '../../src/i18n.js';

const LOCALES: Record<Language, string> = { vi: 'vi-VN', en: 'en-GB' };

/** A day as people in the province read it (in `timeZone`, the calendar's): 10/12/2026, or 10 Dec 2026 in English. */
export function formatDate(date: Date, language: Language, timeZone: string): string {
  const options: Intl.DateTimeFormatOptions =
    language === 'vi' ? { day: '2-digit', month: '2-digit', year: 'numeric' } : { day: 'numeric', month: 'short', year: 'numeric' };
  return new Intl.DateTimeFormat(LOCALES[language], { ...options, timeZone }).format(date);
}

/** A time of day in the province's zone: 08:00. */
export function formatTime(date: Date, language: Language, timeZone: string): string {
  return new Intl.DateTimeFormat(LOCALES[language], { hour: '2-digit', minute: '2-digit', hour12: false, timeZone }).format(date);
}

/** "08:00, 10/12/2026". */
export function formatDateTime(date: Date, language: Language, timeZone: string): string {
  return t(language, 'shared:date_time', { time: formatTime(date, language, timeZone), date: formatDate(date, language, timeZone) });
}

/** A calendar date written in content as YYYY-MM-DD, formatted like {@link formatDate}. */
export function formatIsoDate(iso: string, language: Language): string {
  const [y, m, d] = iso.split('-').map(Number);
  // A calendar date, not an instant: noon UTC read in UTC is that day whatever the service's zone.
  return formatDate(new Date(Date.UTC(y!, (m ?? 1) - 1, d ?? 1, 12)), language, 'UTC');
}

/**
 * One catalogue document as a citation: title, number, issuer, date, and whether it has
 * been amended or replaced. `article` narrows it (`Điều 16`).
 */
export function citeDocument(document: LegalDocument, language: Language, article?: string): string {
  const date = document.issueDate ? formatIsoDate(document.issueDate, language) : undefined;
  const key = date ? 'shared:citation' : 'shared:citation_no_date';
  const status = document.status === 'amended' || document.status === 'replaced' ? t(language, `shared:document_status.${document.status}`) : '';
  let text = t(language, key, { title: document.title[language], number: document.number, issuer: document.issuer[language], date, status });
  if (article) text += t(language, 'shared:citation_article', { article });
  return text;
}

/** Bullet lines citing each source, skipping ids the catalogue lacks (the loader already reported them). */
export function citeSources(content: Content, sources: SourceRef[], language: Language): string[] {
  return sources.flatMap((source) => {
    const document = content.documentById.get(source.document);
    return document ? [`• ${citeDocument(document, language, source.article)}`] : [];
  });
}

/** Like {@link citeSources} for plain document ids. */
export function citeDocuments(content: Content, ids: readonly string[], language: Language): string[] {
  return citeSources(
    content,
    ids.map((document) => ({ document })),
    language,
  );
}

/** Like {@link shorten}, but keeps line breaks (for multi-message texts shown back to the person). */
export function shortenLines(text: string, max: number): string {
  const clean = text
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
  const graphemes = [...new Intl.Segmenter('vi', { granularity: 'grapheme' }).segment(clean)].map((s) => s.segment);
  if (graphemes.length <= max) return clean;
  return `${graphemes
    .slice(0, Math.max(1, max - 1))
    .join('')
    .trimEnd()}…`;
}

/** Cuts `text` to at most `max` characters (whole graphemes), adding "…" when cut. */
export function shorten(text: string, max: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  const graphemes = [...new Intl.Segmenter('vi', { granularity: 'grapheme' }).segment(clean)].map((s) => s.segment);
  if (graphemes.length <= max) return clean;
  return `${graphemes
    .slice(0, Math.max(1, max - 1))
    .join('')
    .trimEnd()}…`;
}
