import type { Language } from '../domain/vocabulary.js';
import { TicketModel } from '../db/models/ticket.js';
import { analyze, MAX_QUERY_WORDS } from '../search/analyze.js';
import type { ContentSource } from './library.js';

/** How many suggestions of each kind an officer sees. */
const SHOWN = 3;
/** Earlier answers compared: the latest this many of the department (newest first). */
const EARLIER_ANSWERS_READ = 500;

/** A suggestion an officer can insert into the answer box and edit. */
export interface AnswerSuggestion {
  /** FAQ entry id, or `answer` for an earlier ticket's answer (which ticket is not said). */
  source: string;
  /** What it answers: the FAQ question, or the earlier question with personal details removed. */
  title: string;
  text: string;
}

/** What identifies people in a text: e-mail addresses, phone numbers, ticket codes, and the details given. */
export function withoutPersonalDetails(text: string, known: readonly (string | undefined | null)[] = []): string {
  let out = text;
  for (const detail of known) {
    if (detail && detail.trim().length >= 3) out = out.split(detail.trim()).join('…');
  }
  return out
    .replace(/[^\s@]+@[^\s@]+\.[^\s@]+/g, '…')
    .replace(/(?:\+?84|0)(?:[\s.-]?\d){8,10}/g, '…')
    .replace(/\b[A-Z]{2,6}-\d{4}-\d{3,6}\b/g, '…');
}

function words(text: string, language: Language): Set<string> {
  return new Set(analyze(text, language, 'folded', { maxWords: MAX_QUERY_WORDS, repairTelex: true }).unigrams);
}

/** The three FAQ entries the search finds closest to the question (any confidence), as the person would read the answer. */
export function faqSuggestions(source: ContentSource, question: string, language: Language): AnswerSuggestion[] {
  const { content, search } = source.current();
  return search
    .search(question, { language, limit: 10 })
    .filter((hit) => hit.kind === 'faq')
    .slice(0, SHOWN)
    .flatMap((hit) => {
      const entry = content.faqById.get(hit.id);
      return entry ? [{ source: entry.id, title: entry.question[language], text: entry.answer[language] }] : [];
    });
}

/**
 * The three earlier answers of the department's own tickets whose questions share the most
 * words with this one (the search's Vietnamese analysis), with personal details removed from both
 * question and answer, and nothing saying which ticket or person they came from.
 */
export async function earlierAnswerSuggestions(ticket: {
  id: string;
  question: string;
  language: Language;
  departmentCode: string;
}): Promise<AnswerSuggestion[]> {
  const asked = words(ticket.question, ticket.language);
  if (asked.size === 0) return [];
  const docs = await TicketModel.find(
    { departmentCode: ticket.departmentCode, status: { $in: ['answered', 'closed'] }, 'answer.text': { $exists: true } },
    { question: 1, language: 1, answer: 1, contact: 1 },
  )
    .sort({ createdAt: -1 })
    .limit(EARLIER_ANSWERS_READ)
    .lean();
  return docs
    .filter((d) => String(d._id) !== ticket.id && d.answer?.text)
    .map((d) => {
      const theirs = words(d.question ?? '', (d.language ?? 'vi') as Language);
      const shared = [...asked].filter((w) => theirs.has(w)).length;
      return { d, score: shared / Math.max(asked.size, 1) };
    })
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, SHOWN)
    .map(({ d }) => {
      const known = [d.contact?.name, d.contact?.phone, d.contact?.email, d.contact?.address];
      return { source: 'answer', title: withoutPersonalDetails(d.question ?? '', known), text: withoutPersonalDetails(d.answer!.text!, known) };
    });
}
