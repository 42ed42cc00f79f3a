import { Types } from 'mongoose';
import { BroadcastDeliveryModel } from '../db/models/broadcast-delivery.js';
import { BroadcastModel } from '../db/models/broadcast.js';
import { ForbiddenError, InputError, NotFoundError } from '../errors.js';
import { writeAudit, type StaffActor } from '../services/audit.js';
import { isSubscribableTopic } from '../services/subscriptions.js';
import { TOPIC_IDS } from '../content/types.js';
import { toBroadcastRecord, type BroadcastDoc, type BroadcastRecord } from './record.js';
import { withdrawQueuedNews } from './settle.js';

export const MAX_TITLE_LENGTH = 200;
/** Leaves room for the header and title under the platforms' 2,000-character text limit. */
export const MAX_TEXT_LENGTH = 1_500;
export const MAX_LIFETIME_DAYS = 180;
const DAY_MS = 86_400_000;

/** What staff fill in to compose a news item. */
export interface ComposeNewsInput {
  topic: string;
  title: string;
  text: string;
  linkUrl?: string;
  linkTitle?: string;
  imageUrl?: string;
  scheduledAt: Date;
  expiresAt: Date;
}

function assertMayBroadcast(actor: StaffActor): void {
  if (actor.role !== 'admin' && actor.role !== 'lead') throw new ForbiddenError('Only the office, department leads and administrators may send news to subscribers');
}

function checkUrl(value: string | undefined, field: string, problems: string[]): string | undefined {
  const trimmed = value?.trim();
  if (!trimmed) return undefined;
  try {
    const url = new URL(trimmed);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('protocol');
    return url.toString();
  } catch {
    problems.push(`${field} must be a web address starting with https://`);
    return undefined;
  }
}

/**
 * Validates and stores a news item for the subscribers of `topic`, to go out at `scheduledAt`
 * (a time up to 5 minutes in the past means "now") and to be delivered at people's next
 * contact until `expiresAt`. Audited.
 *
 * @throws {ForbiddenError} for an officer (only admins and leads send news).
 * @throws {InputError} listing every problem with the input.
 */
export async function composeNews(input: ComposeNewsInput, actor: StaffActor, now = new Date()): Promise<BroadcastRecord> {
  assertMayBroadcast(actor);
  const problems: string[] = [];
  const title = String(input.title ?? '').trim();
  const text = String(input.text ?? '').replace(/\r\n/g, '\n').trim();
  if (!isSubscribableTopic(input.topic)) problems.push(`topic must be one of: ${TOPIC_IDS.join(', ')}`);
  if (!title) problems.push('title is required');
  if (title.length > MAX_TITLE_LENGTH) problems.push(`title must be at most ${MAX_TITLE_LENGTH} characters`);
  if (!text) problems.push('text is required');
  if (text.length > MAX_TEXT_LENGTH) problems.push(`text must be at most ${MAX_TEXT_LENGTH} characters (it has ${text.length})`);
  const linkUrl = checkUrl(input.linkUrl, 'link', problems);
  const imageUrl = checkUrl(input.imageUrl, 'image', problems);
  const scheduledAt = input.scheduledAt;
  const expiresAt = input.expiresAt;
  if (!(scheduledAt instanceof Date) || Number.isNaN(scheduledAt.getTime())) problems.push('scheduled time is not a valid date and time');
  else if (scheduledAt.getTime() < now.getTime() - 5 * 60_000) problems.push('scheduled time is in the past');
  if (!(expiresAt instanceof Date) || Number.isNaN(expiresAt.getTime())) problems.push('expiry is not a valid date and time');
  else if (scheduledAt instanceof Date && expiresAt.getTime() <= scheduledAt.getTime()) problems.push('expiry must be after the scheduled time');
  else if (scheduledAt instanceof Date && expiresAt.getTime() > scheduledAt.getTime() + MAX_LIFETIME_DAYS * DAY_MS) problems.push(`expiry must be within ${MAX_LIFETIME_DAYS} days of the scheduled time`);
  if (problems.length > 0) throw new InputError(problems.join('; '));

  const doc = await BroadcastModel.create({
    topic: input.topic,
    title,
    text,
    link: linkUrl ? { url: linkUrl, title: input.linkTitle?.trim().slice(0, 20) || undefined } : undefined,
    imageUrl,
    scheduledAt,
    expiresAt,
    status: 'scheduled',
    createdBy: actor.username,
  });
  const record = toBroadcastRecord(doc.toObject() as BroadcastDoc);
  await writeAudit({ actor, action: 'broadcast.create', targetType: 'broadcast', targetId: record.id, details: { topic: record.topic, scheduledAt: scheduledAt.toISOString(), expiresAt: expiresAt.toISOString() } }, now);
  return record;
}

/**
 * Withdraws a news item: nothing more is sent or delivered at next contact; messages already
 * queued but not yet sent are withdrawn from the outbox. What was sent stays sent. Idempotent.
 */
export async function cancelNews(id: string, actor: StaffActor, now = new Date()): Promise<BroadcastRecord> {
  assertMayBroadcast(actor);
  if (!Types.ObjectId.isValid(String(id))) throw new NotFoundError('News item');
  const doc = await BroadcastModel.findOneAndUpdate(
    { _id: String(id), status: { $in: ['scheduled', 'planning', 'sending'] } },
    { $set: { status: 'cancelled', cancelledAt: now, cancelledBy: actor.username } },
    { returnDocument: 'after' },
  ).lean<BroadcastDoc>();
  const current = doc ?? (await BroadcastModel.findById(String(id)).lean<BroadcastDoc>());
  if (!current) throw new NotFoundError('News item');
  if (doc) {
    await BroadcastDeliveryModel.updateMany(
      { broadcastId: String(id), status: { $in: ['planned', 'waiting'] } },
      { $set: { status: 'cancelled', updatedAt: now, outcome: { code: 'news_cancelled', reason: 'The news item was withdrawn by staff.' } } },
    );
    await withdrawQueuedNews(String(id), 'news_cancelled', 'The news item was withdrawn by staff before it was sent.', now);
    await writeAudit({ actor, action: 'broadcast.cancel', targetType: 'broadcast', targetId: String(id) }, now);
  }
  return toBroadcastRecord(current);
}

/** News items, newest first. */
export async function listNews(limit = 50): Promise<BroadcastRecord[]> {
  const docs = await BroadcastModel.find({}).sort({ createdAt: -1 }).limit(Math.min(200, Math.max(1, limit))).lean<BroadcastDoc[]>();
  return docs.map(toBroadcastRecord);
}

/** One news item. @throws {NotFoundError} */
export async function getNews(id: string): Promise<BroadcastRecord> {
  if (!Types.ObjectId.isValid(String(id))) throw new NotFoundError('News item');
  const doc = await BroadcastModel.findById(String(id)).lean<BroadcastDoc>();
  if (!doc) throw new NotFoundError('News item');
  return toBroadcastRecord(doc);
}
