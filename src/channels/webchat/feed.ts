import { randomUUID } from 'node:crypto';
import { isDuplicateKey } from '../../db/connect.js';
import { nextCounterValue } from '../../db/models/counter.js';
import { WebChatMessageModel } from '../../db/models/webchat-message.js';
import type { OutboundButton } from '../types.js';
import type { WebChatLine } from './render.js';

/** Who wrote a feed line. */
export type FeedAuthor = 'visitor' | 'bot' | 'staff';

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
export const FEED_PAGE_SIZE = 100;

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

async function nextSeq(visitorId: string): Promise<number> {
  const counter = `webchat:${visitorId}`;
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
    _id: `out:${randomUUID()}`,
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
 * `created: false` and stores nothing new.
 */
export async function appendVisitorLine(visitorId: string, clientMessageId: string, text: string, now = new Date()): Promise<{ created: boolean }> {
  const _id = `in:${visitorId}:${clientMessageId}`;
  // Checked first so a retry does not use up a number (a hole makes readers wait).
  if (await WebChatMessageModel.exists({ _id })) return { created: false };
  const seq = await nextSeq(visitorId);
  try {
    await WebChatMessageModel.create({ _id, visitorId, seq, author: 'visitor', text, clientMessageId, at: now });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    // The same message raced in twice; fill the number this attempt took so readers need not wait on a hole.
    await WebChatMessageModel.create({ _id: `filler:${visitorId}:${seq}`, visitorId, seq, author: 'visitor', filler: true, at: now });
    return { created: false };
  }
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

/**
 * Reads the visitor's lines after cursor `after`, oldest first, at most {@link FEED_PAGE_SIZE}.
 * Never skips a line that is still being written (see {@link FEED_GAP_WAIT_MS}).
 */
export async function readFeed(visitorId: string, after: number, now = new Date()): Promise<FeedPage> {
  const docs = await WebChatMessageModel.find({ visitorId: String(visitorId), seq: { $gt: after } })
    .sort({ seq: 1 })
    .limit(FEED_PAGE_SIZE)
    .lean<StoredLine[]>();
  const entries: FeedEntry[] = [];
  let cursor = after;
  let read = 0;
  for (const doc of docs) {
    if (doc.seq !== cursor + 1 && now.getTime() - doc.at.getTime() < FEED_GAP_WAIT_MS) break;
    if (!doc.filler) entries.push(toEntry(doc));
    cursor = doc.seq;
    read += 1;
  }
  return { entries, cursor, more: docs.length === FEED_PAGE_SIZE && read === docs.length };
}
