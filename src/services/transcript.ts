import { isDuplicateKey } from '../db/connect.js';
import { findByIds } from '../db/by-id.js';
import { insertAll } from '../db/batched-writes.js';
import { ContactModel } from '../db/models/contact.js';
import { TranscriptMessageModel, transcriptLineId, type TranscriptMessage } from '../db/models/transcript-message.js';

/** A line to add to a person's conversation. */
export interface TranscriptLineInput {
  direction: 'in' | 'out';
  author: 'person' | 'bot' | 'staff';
  staffId?: string;
  text: string;
  attachments?: { type?: string; url?: string; name?: string }[];
  at: Date;
  ticketId?: string;
}

/** A line with the number its contact's count gave it. */
export interface NumberedLine {
  n: number;
  line: TranscriptLineInput;
}

/** Most tries to number a line when two writers take the same number at once (FerretDB's `$inc` is not atomic). */
const MAX_NUMBERING_TRIES = 5;

/**
 * Adds a line to a person's conversation as number `n` (their contact's `lineCount`, counted
 * up here). `n` may be given when the caller has just counted it (the inbound path); a number
 * taken by a concurrent writer is counted up again. Inserts only: never searches the lines.
 */
export async function appendTranscriptLine(contactKey: string, line: TranscriptLineInput, n?: number): Promise<void> {
  let number = n;
  for (let attempt = 1; ; attempt += 1) {
    if (number === undefined) {
      const contact = await ContactModel.findOneAndUpdate({ _id: contactKey }, { $inc: { lineCount: 1 } }, { returnDocument: 'after' }).lean();
      // A line for someone without a contact (not expected) is still kept, under a number no count reaches.
      number = contact?.lineCount ?? -Date.now();
    }
    try {
      await TranscriptMessageModel.insertMany([transcriptDoc(contactKey, number, line)], { lean: true });
      return;
    } catch (err) {
      if (!isDuplicateKey(err) || attempt >= MAX_NUMBERING_TRIES) throw err;
      number = undefined;
    }
  }
}

/**
 * Adds lines already numbered (a turn's lines: the person's message and the replies) with one
 * insert. A number taken meanwhile by another writer (a staff message) is counted up again
 * for that line alone.
 */
export async function appendTranscriptLines(contactKey: string, lines: readonly NumberedLine[]): Promise<void> {
  if (lines.length === 0) return;
  const docs = lines.map(({ n, line }) => transcriptDoc(contactKey, n, line));
  const taken = await insertAll(TranscriptMessageModel, docs);
  for (const index of taken) await appendTranscriptLine(contactKey, lines[index]!.line);
}

/** The stored line, complete (it is inserted as it is), without fields left undefined. */
function transcriptDoc(contactKey: string, n: number, line: TranscriptLineInput): Record<string, unknown> {
  const doc: Record<string, unknown> = { _id: transcriptLineId(contactKey, n), contactKey, attachments: [], ...line };
  for (const key of Object.keys(doc)) if (doc[key] === undefined) delete doc[key];
  return doc;
}

/**
 * The latest `limit` lines of a person's conversation, oldest first, read by `_id` (lines
 * `lineCount - limit + 1` … `lineCount`); lines removed by retention or erasure are gaps.
 */
export async function readTranscript(contactKey: string, limit: number): Promise<TranscriptMessage[]> {
  const contact = await ContactModel.findById(contactKey, { lineCount: 1 }).lean();
  const last = contact?.lineCount ?? 0;
  const first = Math.max(1, last - limit + 1);
  const ids = Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => transcriptLineId(contactKey, first + i));
  const lines = await findByIds<TranscriptMessage & { _id: string }>(TranscriptMessageModel, ids);
  const numberOf = (id: string): number => Number(id.slice(id.lastIndexOf('|') + 1));
  return lines.sort((a, b) => numberOf(a._id) - numberOf(b._id));
}
