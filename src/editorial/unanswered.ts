import { isDuplicateKey } from '../db/connect.js';
import type { Language } from '../domain/vocabulary.js';
import { UnansweredQuestionModel, type UnansweredReason } from '../db/models/unanswered-question.js';
import { analyze, MAX_QUERY_WORDS } from '../search/analyze.js';

/** Fewer meaningful words than this ("alo", "hỏi") say too little to write an answer for. */
const MIN_WORDS = 2;
const MAX_TEXT = 500;

/** One group of unanswered questions, as editors see it. */
export interface UnansweredRecord {
  id: string;
  text: string;
  firstText: string;
  language: Language;
  topic?: string;
  count: number;
  reasons: Record<UnansweredReason, number>;
  firstAt: Date;
  lastAt: Date;
  status: 'open' | 'drafted' | 'ignored';
  draftId?: string;
}

/**
 * The group a question belongs to: its words as the search analyses them (folded, Telex repaired,
 * variants and stop words applied), without repeats, sorted. Undefined when it has too few words.
 */
export function unansweredKey(text: string, language: Language): string | undefined {
  const words = [...new Set(analyze(text, language, 'folded', { maxWords: MAX_QUERY_WORDS, repairTelex: true }).unigrams)].sort();
  if (words.length < MIN_WORDS) return undefined;
  return words.join(' ').slice(0, 300);
}

/**
 * Counts a question the bot did not answer well: no good FAQ match, sent on to staff, or a low
 * rating of the answer. One upsert by `_id` (the group key); a group editors chose to ignore keeps
 * counting but stays hidden. Returns the group key, or undefined when the text says too little.
 */
export async function recordUnanswered(
  input: { text: string; language: Language; reason: UnansweredReason; topic?: string },
  now = new Date(),
): Promise<string | undefined> {
  const key = unansweredKey(input.text, input.language);
  if (!key) return undefined;
  const text = input.text.trim().slice(0, MAX_TEXT);
  const update = {
    $inc: { count: 1, [`reasons.${input.reason}`]: 1 },
    $set: { text, language: input.language, lastAt: now, ...(input.topic ? { topic: input.topic } : {}) },
    $setOnInsert: { firstText: text, firstAt: now, status: 'open' },
  };
  try {
    await UnansweredQuestionModel.updateOne({ _id: key }, update, { upsert: true });
  } catch (err) {
    // Two first askings at the same moment: one inserted, so the other is now a plain update.
    if (!isDuplicateKey(err)) throw err;
    await UnansweredQuestionModel.updateOne({ _id: key }, update);
  }
  return key;
}

function toRecord(doc: Record<string, unknown>): UnansweredRecord {
  const reasons = (doc.reasons ?? {}) as Partial<Record<UnansweredReason, number>>;
  return {
    id: String(doc._id),
    text: String(doc.text),
    firstText: String(doc.firstText),
    language: doc.language === 'en' ? 'en' : 'vi',
    topic: typeof doc.topic === 'string' ? doc.topic : undefined,
    count: Number(doc.count ?? 0),
    reasons: { no_match: reasons.no_match ?? 0, to_staff: reasons.to_staff ?? 0, low_rating: reasons.low_rating ?? 0 },
    firstAt: doc.firstAt as Date,
    lastAt: doc.lastAt as Date,
    status: doc.status as UnansweredRecord['status'],
    draftId: typeof doc.draftId === 'string' ? doc.draftId : undefined,
  };
}

/** The groups editors still have to deal with (not ignored), most asked first, then most recent. */
export async function listUnanswered(limit = 200): Promise<UnansweredRecord[]> {
  const docs = await UnansweredQuestionModel.find({}).lean();
  return docs
    .map((d) => toRecord(d as unknown as Record<string, unknown>))
    .filter((r) => r.status !== 'ignored')
    .sort((a, b) => b.count - a.count || b.lastAt.getTime() - a.lastAt.getTime())
    .slice(0, limit);
}

/** How many groups wait for editors. */
export async function countOpenUnanswered(): Promise<number> {
  return (await listUnanswered(Number.MAX_SAFE_INTEGER)).length;
}

/** One group by its key. */
export async function readUnanswered(id: string): Promise<UnansweredRecord | undefined> {
  const doc = await UnansweredQuestionModel.findById(String(id)).lean();
  return doc ? toRecord(doc) : undefined;
}

/** «Xong»: the group is answered now; it goes from the list (if asked again and still unanswered, it comes back). */
export async function markUnansweredDone(id: string): Promise<void> {
  await UnansweredQuestionModel.deleteOne({ _id: String(id) });
}

/** «Bỏ qua»: not worth an answer; hidden from now on, also when asked again. */
export async function ignoreUnanswered(id: string): Promise<void> {
  await UnansweredQuestionModel.updateOne({ _id: String(id) }, { $set: { status: 'ignored' } });
}

/** A draft FAQ entry was started from the group. */
export async function markUnansweredDrafted(id: string, draftId: string): Promise<void> {
  await UnansweredQuestionModel.updateOne({ _id: String(id) }, { $set: { status: 'drafted', draftId } });
}

/** The draft written from the group was discarded: the group waits for an answer again. */
export async function reopenUnanswered(id: string): Promise<void> {
  await UnansweredQuestionModel.updateOne({ _id: String(id), status: 'drafted' }, { $set: { status: 'open' }, $unset: { draftId: 1 } });
}
