import { type Fields, textField } from '../console/index.js';
import { TOPIC_IDS, type TopicId } from '../content/index.js';
import { InputError } from '../errors.js';

/** The FAQ entry fields as the form shows them (plain text, lists one per line). */
export interface FaqFormValues {
  id: string;
  topic: string;
  questionVi: string;
  questionEn: string;
  answerVi: string;
  answerEn: string;
  alternativesVi: string;
  alternativesEn: string;
  keywords: string;
  /** One source a line: `document-id | Điều 5` (the article after a bar). */
  sources: string;
  link: string;
  confidence: string;
  reviewedAt: string;
}

type Json = Record<string, unknown>;

function localized(value: unknown): { vi: string; en: string } {
  const v = (value ?? {}) as { vi?: unknown; en?: unknown };
  return { vi: typeof v.vi === 'string' ? v.vi : '', en: typeof v.en === 'string' ? v.en : '' };
}

/** A stored string field, or empty when it is missing or not a string. */
function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function lines(value: unknown): string {
  return Array.isArray(value) ? value.filter((x) => typeof x === 'string').join('\n') : '';
}

/** The form's values for an entry as stored (file shape). */
export function faqFormValues(entry: Json): FaqFormValues {
  const alternatives = (entry.alternatives ?? {}) as { vi?: unknown; en?: unknown };
  const sources = Array.isArray(entry.sources) ? (entry.sources as { document?: unknown; article?: unknown }[]) : [];
  return {
    id: str(entry.id),
    topic: str(entry.topic),
    questionVi: localized(entry.question).vi,
    questionEn: localized(entry.question).en,
    answerVi: localized(entry.answer).vi,
    answerEn: localized(entry.answer).en,
    alternativesVi: lines(alternatives.vi),
    alternativesEn: lines(alternatives.en),
    keywords: Array.isArray(entry.keywords) ? entry.keywords.join(', ') : '',
    sources: sources.map((s) => (s.article ? `${str(s.document)} | ${str(s.article)}` : str(s.document))).join('\n'),
    link: str(entry.link),
    confidence: entry.confidence === 'unconfirmed' ? 'unconfirmed' : 'confirmed',
    reviewedAt: str(entry.reviewedAt),
  };
}

/** Text as typed in a browser, made the way content files hold it: NFC, `\n` line ends, trimmed. */
function clean(text: string | undefined): string {
  return (text ?? '').normalize('NFC').replace(/\r\n?/g, '\n').trim();
}

function splitLines(text: string): string[] {
  return clean(text)
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

/**
 * Reads the submitted FAQ form into an entry in file shape, starting from `base` (the published
 * or drafted entry) so fields the form does not show are kept, in their order. Only the form's own
 * shape is checked here (text, not too long); the content rules are `content:check`'s, run on the draft.
 */
export function faqEntryFromForm(fields: Fields, base: Json, id: string, topic: TopicId): Json {
  const text = (name: string, label: string, max: number) => clean(textField(fields, name, { label, max, optional: true }));
  const entry: Json = { ...base, id, topic };
  entry.question = { vi: text('questionVi', 'Câu hỏi (tiếng Việt)', 500), en: text('questionEn', 'Câu hỏi (tiếng Anh)', 500) };
  entry.answer = { vi: text('answerVi', 'Câu trả lời (tiếng Việt)', 5_000), en: text('answerEn', 'Câu trả lời (tiếng Anh)', 5_000) };
  entry.sources = splitLines(text('sources', 'Căn cứ', 5_000)).map((line) => {
    const [document, ...article] = line.split('|');
    const source: Json = { document: (document ?? '').trim() };
    const art = article.join('|').trim();
    if (art) source.article = art;
    return source;
  });
  entry.reviewedAt = text('reviewedAt', 'Ngày rà soát', 10);
  const alternatives = {
    vi: splitLines(text('alternativesVi', 'Cách hỏi khác (tiếng Việt)', 5_000)),
    en: splitLines(text('alternativesEn', 'Cách hỏi khác (tiếng Anh)', 5_000)),
  };
  if (alternatives.vi.length + alternatives.en.length > 0) entry.alternatives = alternatives;
  else delete entry.alternatives;
  const keywords = [
    ...new Set(
      text('keywords', 'Từ khoá', 2_000)
        .split(/[,;\n]/)
        .map((k) => k.trim())
        .filter(Boolean),
    ),
  ];
  if (keywords.length > 0) entry.keywords = keywords;
  else delete entry.keywords;
  const confidence = text('confidence', 'Mức xác nhận', 20) || 'confirmed';
  if (confidence !== 'confirmed' && confidence !== 'unconfirmed') throw new InputError('Mức xác nhận không hợp lệ.');
  if (confidence === 'unconfirmed') entry.confidence = 'unconfirmed';
  else if (base.confidence !== undefined) entry.confidence = 'confirmed';
  const link = text('link', 'Đường dẫn', 1_000);
  if (link) entry.link = link;
  else delete entry.link;
  return entry;
}

/** A topic id from a form or the address, or an {@link InputError}. */
export function topicField(value: unknown): TopicId {
  if (typeof value !== 'string' || !(TOPIC_IDS as readonly string[]).includes(value)) throw new InputError('Hãy chọn lĩnh vực.');
  return value as TopicId;
}

/**
 * The next free FAQ id of a topic: the prefix its entries use (`tcqc-07` → `tcqc`, the topic id
 * when it has none), numbered one past the highest number in use (published or drafted).
 */
export function nextFaqId(topic: TopicId, topicIds: readonly string[], usedIds: Iterable<string>): string {
  const prefix = topicIds.map((id) => /^(.*)-\d+$/.exec(id)?.[1]).find((p) => p !== undefined) ?? topic;
  let highest = 0;
  const pattern = new RegExp(`^${prefix}-(\\d+)$`);
  for (const id of usedIds) {
    const n = Number(pattern.exec(id)?.[1] ?? 0);
    if (n > highest) highest = n;
  }
  return `${prefix}-${String(highest + 1).padStart(2, '0')}`;
}

/** Vietnamese names of an FAQ entry's fields, for problems shown next to the form. */
const FAQ_FIELD_LABELS: Record<string, string> = {
  'question.vi': 'Câu hỏi (tiếng Việt)',
  'question.en': 'Câu hỏi (tiếng Anh)',
  'answer.vi': 'Câu trả lời (tiếng Việt)',
  'answer.en': 'Câu trả lời (tiếng Anh)',
  sources: 'Căn cứ',
  reviewedAt: 'Ngày rà soát',
  alternatives: 'Cách hỏi khác',
  keywords: 'Từ khoá',
  link: 'Đường dẫn',
  confidence: 'Mức xác nhận',
  topic: 'Lĩnh vực',
  id: 'Mã',
};

/** The label of a field path inside an FAQ entry: `sources[1].document` → `Căn cứ, dòng 2 (document)`. */
export function faqFieldLabel(path: string): string {
  if (FAQ_FIELD_LABELS[path]) return FAQ_FIELD_LABELS[path];
  const source = /^sources\[(\d+)\](?:\.(\w+))?$/.exec(path);
  if (source) return `Căn cứ, dòng ${Number(source[1]) + 1}${source[2] === 'article' ? ' (điều khoản)' : source[2] ? ' (mã văn bản)' : ''}`;
  const alternative = /^alternatives\.(vi|en)\[(\d+)\]$/.exec(path);
  if (alternative) return `Cách hỏi khác (${alternative[1] === 'vi' ? 'tiếng Việt' : 'tiếng Anh'}), dòng ${Number(alternative[2]) + 1}`;
  return path || 'Mục này';
}
