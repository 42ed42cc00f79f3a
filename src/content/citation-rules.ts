import type { ContentProblem } from './errors.js';
import { IN_FORCE_STATUSES, type FaqEntry, type LegalDocument } from './types.js';

/**
 * A figure a person may rely on: a number followed by a unit of time or money, e.g. "90 ngày",
 * "10 năm", "30 days", "150.000 đồng". Dates ("ngày 10/12/2025", "năm 2025"), document numbers
 * ("70/2025/QH15 ngày …") and article numbers ("Điều 93") are not figures.
 */
const FIGURE_PATTERNS: readonly RegExp[] = [
  /(?<![\p{L}\p{N}/.,-])\d+(?:[.,]\d+)*\s*(?:ngày|tháng|năm|tuần|giờ|đồng|VNĐ|VND|nghìn|triệu|tỷ)(?![\p{L}\p{M}])/gu,
  /(?<![\p{L}\p{N}/.,-])\d+(?:[.,]\d+)*\s*(?:working\s+|calendar\s+)?(?:days?|weeks?|months?|years?|hours?|VND|dong|million|billion)\b/giu,
];

/** The figures stated in `text`, in order, as written ("90 ngày"). */
export function figuresIn(text: string): string[] {
  return FIGURE_PATTERNS.flatMap((pattern) => [...text.matchAll(pattern)].map((m) => m[0]));
}

/**
 * Citation rules for one FAQ entry, on top of the catalogue checks:
 * - the answer rests on at least one article (or clause) of a document in force;
 * - an answer that states a figure is itself confirmed and cites an article of a confirmed document
 *   in force, so that every figure carries the source that states it.
 * Problems name the file, the entry (`entries[i]`, with its id) and the field.
 */
export function checkFaqCitations(
  file: string,
  index: number,
  entry: FaqEntry,
  documentById: ReadonlyMap<string, LegalDocument>,
  problems: ContentProblem[],
): void {
  const at = `entries[${index}]`;
  const articled = entry.sources.filter((s) => s.article !== undefined).map((s) => ({ source: s, document: documentById.get(s.document) }));
  const inForce = articled.filter(({ document }) => document !== undefined && IN_FORCE_STATUSES.includes(document.status));
  if (inForce.length === 0) {
    const why = articled.length === 0 ? 'no source names an article' : 'the articles cited are not of a document in force';
    problems.push({
      file,
      field: `${at}.sources`,
      message: `FAQ "${entry.id}": ${why}; cite at least one article or clause of a document in force, e.g. {"document": "…", "article": "khoản 1 Điều 9"}`,
    });
  }

  for (const language of ['vi', 'en'] as const) {
    const figures = figuresIn(entry.answer[language]);
    if (figures.length === 0) continue;
    const stated = figures.map((f) => `"${f}"`).join(', ');
    if (entry.confidence === 'unconfirmed') {
      problems.push({
        file,
        field: `${at}.answer.${language}`,
        message: `FAQ "${entry.id}" is marked unconfirmed but states ${stated}; state a figure only with a confirmed source, or leave it to staff`,
      });
    } else if (!inForce.some(({ document }) => document?.confidence === 'confirmed')) {
      problems.push({
        file,
        field: `${at}.answer.${language}`,
        message: `FAQ "${entry.id}" states ${stated} without a source that carries it; cite the article of a confirmed document in force that states the figure`,
      });
    }
  }
}
