import { isDuplicateKey } from '../../db/connect.js';
import { CounterModel, nextCounterValue } from '../../db/models/counter.js';
import { WebChatMessageModel } from '../../db/models/webchat-message.js';
import type { OutboundButton } from '../types.js';
import type { WebChatLine } from './render.js';

/** Who wrote a feed line. */
type FeedAuthor = 'visitor' | 'bot' | 'staff';

/** One feed line as the page receives it (JSON). */
export interface FeedEntry {
  id: string;
  /** The visitor's cursor: pass the last one seen as `after` to get only newer lines. */
  seq: number;
  author: FeedAuthor;
  text: string;
  quickReplies?: { title: string; payload: string }[];
  buttons?: OutboundButton[];
  imageUrl?: string;
  clientMessageId?: string;
  /** ISO 8601. */
  at: string;
}

/**
 * How long a hole in the sequence is waited for. Numbers are taken before the line is
 * written, so a reader can briefly see line n+1 before line n lands; it stops before the hole
 * rather than skip a line for good. A number whose write failed leaves a hole forever, so
 * after this long the hole is passed over.
 */
export const FEED_GAP_WAIT_MS = 5_000;

/** Most lines returned by one read. */
const FEED_PAGE_SIZE = 100;

interface StoredLine {
  _id: string;
  seq: number;
  author: string;
  text?: string | null;
  quickReplies?: { title: string; payload: string }[] | null;
  buttons?: { type: string; title: string; payload?: string | null; url?: string | null; phone?: string | null }[] | null;
  imageUrl?: string | null;
  clientMessageId?: string | null;
  at: Date;
  filler?: boolean | null;
}

function toButton(b: NonNullable<StoredLine['buttons']>[number]): OutboundButton {
  if (b.type === 'url') return { type: 'url', title: b.title, url: b.url ?? '' };
  if (b.type === 'phone') return { type: 'phone', title: b.title, phone: b.phone ?? '' };
  return { type: 'postback', title: b.title, payload: b.payload ?? '' };
}

function toEntry(doc: StoredLine): FeedEntry {
  const entry: FeedEntry = { id: doc._id, seq: doc.seq, author: doc.author as FeedAuthor, text: doc.text ?? '', at: doc.at.toISOString() };
  if (doc.quickReplies?.length) entry.quickReplies = doc.quickReplies.map((q) => ({ title: q.title, payload: q.payload }));
  if (doc.buttons?.length) entry.buttons = doc.buttons.map(toButton);
  if (doc.imageUrl) entry.imageUrl = doc.imageUrl;
  if (doc.clientMessageId) entry.clientMessageId = doc.clientMessageId;
  return entry;
}

/** Most numbers looked ahead past a missing line for the next one written (a hole). */
const GAP_LOOKAHEAD = 5;

/** The `_id` of a visitor's feed line number `seq`. */
export function feedLineId(visitorId: string, seq: number): string {
  return `${visitorId}#${seq}`;
}

/** The `_id` of the receipt of a visitor's own message. */
function receiptId(visitorId: string, clientMessageId: string): string {
  return `in:${visitorId}:${clientMessageId}`;
}

function counterOf(visitorId: string): string {
  return `webchat:${visitorId}`;
}

async function nextSeq(visitorId: string): Promise<number> {
  const counter = counterOf(visitorId);
  try {
    return await nextCounterValue(counter);
  } catch (err) {
    // Two first upserts of a new counter can race to E11000 (FerretDB does not retry them);
    // the counter exists now, so the second try increments it.
    if (!isDuplicateKey(err)) throw err;
    return nextCounterValue(counter);
  }
}

/**
 * Appends a line sent to the visitor (by the bot or a staff member) and returns it. Each call
 * stores one new line; the outbox sends one person's messages one at a time, which keeps
 * their numbers in send order.
 */
export async function appendOutboundLine(visitorId: string, author: 'bot' | 'staff', line: WebChatLine, now = new Date()): Promise<FeedEntry> {
  const seq = await nextSeq(visitorId);
  const doc = {
    _id: feedLineId(visitorId, seq),
    visitorId,
    seq,
    author,
    text: line.text,
    quickReplies: line.quickReplies,
    buttons: line.buttons,
    imageUrl: line.imageUrl,
    at: now,
  };
  await WebChatMessageModel.create(doc);
  return toEntry(doc);
}

/**
 * Appends the visitor's own line, once per `clientMessageId`: a retried send returns
 * `created: false` and stores nothing new. The receipt is written before the line, so of two
 * sends racing with one id only one writes a line.
 */
export async function appendVisitorLine(visitorId: string, clientMessageId: string, text: string, now = new Date()): Promise<{ created: boolean }> {
  const _id = receiptId(visitorId, clientMessageId);
  // Checked first so a retry does not use up a number (a hole makes readers wait).
  if (await WebChatMessageModel.exists({ _id })) return { created: false };
  const seq = await nextSeq(visitorId);
  try {
    await WebChatMessageModel.create({ _id, visitorId, seq, author: 'visitor', receipt: true, at: now });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    // The same message raced in twice; fill the number this attempt took so readers need not wait on a hole.
    await WebChatMessageModel.create({ _id: feedLineId(visitorId, seq), visitorId, seq, author: 'visitor', filler: true, at: now });
    return { created: false };
  }
  await WebChatMessageModel.create({ _id: feedLineId(visitorId, seq), visitorId, seq, author: 'visitor', text, clientMessageId, at: now });
  return { created: true };
}

/** What one read of the feed found. */
export interface FeedPage {
  entries: FeedEntry[];
  /** The cursor to read from next time (the last line read, or `after` when none). */
  cursor: number;
  /** True when a full page was read and more lines may follow. */
  more: boolean;
}

function lineAt(visitorId: string, seq: number): Promise<StoredLine | null> {
  return WebChatMessageModel.findById(feedLineId(visitorId, seq)).lean<StoredLine>();
}

/**
 * Finds the first line written after a missing number `seq`, when that number was taken long
 * enough ago to count as a hole for good: the counter shows later numbers and a later line is
 * older than {@link FEED_GAP_WAIT_MS}. Every read is by `_id`. A long run of missing numbers is
 * lines removed as a whole (retention, or the visitor's own erasure), and what is left is one
 * run up to the newest: that is found by bisection, a few reads however long the gap.
 */
async function lineAfterHole(visitorId: string, seq: number, now: Date): Promise<StoredLine | undefined> {
  const counter = await CounterModel.findById(counterOf(visitorId), { seq: 1 }).lean<{ seq?: number }>();
  const highest = counter?.seq ?? 0;
  const old = (doc: StoredLine | null): StoredLine | undefined => (doc && now.getTime() - doc.at.getTime() >= FEED_GAP_WAIT_MS ? doc : undefined);
  for (let next = seq + 1; next <= Math.min(highest, seq + GAP_LOOKAHEAD); next += 1) {
    const doc = await lineAt(visitorId, next);
    if (doc) return old(doc);
  }
  if (highest <= seq + GAP_LOOKAHEAD) return undefined;
  let missing = seq + GAP_LOOKAHEAD;
  let present = highest;
  let found = await lineAt(visitorId, present);
  if (!found) return undefined;
  while (present - missing > 1) {
    const mid = Math.floor((missing + present) / 2);
    const doc = await lineAt(visitorId, mid);
    if (doc) {
      present = mid;
      found = doc;
    } else {
      missing = mid;
    }
  }
  return old(found);
}

/**
 * True when a read from cursor `after` would find a line: the next one exists, or (with
 * `lookPastHoles`) a line after a hole old enough to pass. One `_id` lookup when nothing is
 * new (three or so with `lookPastHoles`): what the shared poll asks for each followed visitor.
 */
export async function hasLineAfter(visitorId: string, after: number, options: ReadFeedOptions = {}): Promise<boolean> {
  const id = String(visitorId);
  if (await WebChatMessageModel.exists({ _id: feedLineId(id, after + 1) })) return true;
  return options.lookPastHoles === true && (await lineAfterHole(id, after + 1, options.now ?? new Date())) !== undefined;
}

export interface ReadFeedOptions {
  now?: Date;
  /**
   * Look past a missing line for a hole (two more reads when nothing is new). Default true; a
   * stream that polls often passes it now and then only.
   */
  lookPastHoles?: boolean;
}

/**
 * Reads the visitor's lines after cursor `after`, oldest first, at most {@link FEED_PAGE_SIZE},
 * one `_id` lookup per line. Never skips a line that is still being written (see
 * {@link FEED_GAP_WAIT_MS}).
 */
export async function readFeed(visitorId: string, after: number, options: ReadFeedOptions = {}): Promise<FeedPage> {
  const now = options.now ?? new Date();
  const lookPastHoles = options.lookPastHoles ?? true;
  const id = String(visitorId);
  const entries: FeedEntry[] = [];
  let cursor = after;
  for (let read = 0; read < FEED_PAGE_SIZE; read += 1) {
    let doc = await lineAt(id, cursor + 1);
    if (!doc && lookPastHoles) doc = (await lineAfterHole(id, cursor + 1, now)) ?? null;
    if (!doc) return { entries, cursor, more: false };
    if (!doc.filler) entries.push(toEntry(doc));
    cursor = doc.seq;
  }
  return { entries, cursor, more: true };
}
