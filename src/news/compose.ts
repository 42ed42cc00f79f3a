import { Types } from 'mongoose';
import { BroadcastDeliveryModel } from '../db/models/broadcast-delivery.js';
import { BroadcastModel } from '../db/models/broadcast.js';
import { ForbiddenError, InputError, NotFoundError } from '../errors.js';
import { writeAudit, type StaffActor } from '../services/audit.js';
import { isSubscribableTopic } from '../services/subscriptions.js';
import { TOPIC_IDS } from '../content/types.js';
import { toBroadcastRecord, type BroadcastDoc, type BroadcastRecord } from './record.js';
import { WITHDRAWN_BY_STAFF } from './settle.js';
import type { WakeOutbox } from '../outbox/wake.js';
import { withdrawBroadcastMessages } from '../outbox/withdrawals.js';

export const MAX_TITLE_LENGTH = 200;
/** Leaves room for the header and title under the platforms' 2,000-character text limit. */
export const MAX_TEXT_LENGTH = 1_500;
const MAX_LIFETIME_DAYS = 180;
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
  if (actor.role !== 'admin' && actor.role !== 'lead')
    throw new ForbiddenError('Chỉ Văn phòng, lãnh đạo phòng và quản trị viên được gửi tin tới người đăng ký.');
}

function checkUrl(value: string | undefined, field: string, problems: string[]): string | undefined {
  const trimmed = value?.trim();
  if (!trimmed) return undefined;
  try {
    const url = new URL(trimmed);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('protocol');
    return url.toString();
  } catch {
    // Not a URL, or not http(s): reported with the other problems of the form.
    problems.push(`${field} phải là địa chỉ web bắt đầu bằng https://`);
    return undefined;
  }
}

/**
 * Validates and stores a news item for the subscribers of `topic`, to go out at `scheduledAt`
 * (a time up to 5 minutes in the past means "now") and to be delivered at people's next
 * contact until `expiresAt`. Audited.
 *
 * @throws {ForbiddenError} for an officer (only admins and leads send news).
 * @throws {InputError} listing every problem with the input (in Vietnamese, for staff).
 */
export async function composeNews(input: ComposeNewsInput, actor: StaffActor, now = new Date()): Promise<BroadcastRecord> {
  assertMayBroadcast(actor);
  const problems: string[] = [];
  const title = String(input.title ?? '').trim();
  const text = String(input.text ?? '')
    .replace(/\r\n/g, '\n')
    .trim();
  if (!isSubscribableTopic(input.topic)) problems.push(`Lĩnh vực phải là một trong: ${TOPIC_IDS.join(', ')}`);
  if (!title) problems.push('Hãy điền tiêu đề');
  if (title.length > MAX_TITLE_LENGTH) problems.push(`Tiêu đề dài quá ${MAX_TITLE_LENGTH} ký tự`);
  if (!text) problems.push('Hãy điền nội dung');
  if (text.length > MAX_TEXT_LENGTH) problems.push(`Nội dung dài quá ${MAX_TEXT_LENGTH} ký tự (hiện có ${text.length})`);
  const linkUrl = checkUrl(input.linkUrl, 'Đường dẫn', problems);
  const imageUrl = checkUrl(input.imageUrl, 'Ảnh', problems);
  const scheduledAt = input.scheduledAt;
  const expiresAt = input.expiresAt;
  if (!(scheduledAt instanceof Date) || Number.isNaN(scheduledAt.getTime())) problems.push('Thời điểm gửi không hợp lệ');
  else if (scheduledAt.getTime() < now.getTime() - 5 * 60_000) problems.push('Thời điểm gửi đã qua');
  if (!(expiresAt instanceof Date) || Number.isNaN(expiresAt.getTime())) problems.push('Thời điểm hết hạn không hợp lệ');
  else if (scheduledAt instanceof Date && expiresAt.getTime() <= scheduledAt.getTime()) problems.push('Thời điểm hết hạn phải sau thời điểm gửi');
  else if (scheduledAt instanceof Date && expiresAt.getTime() > scheduledAt.getTime() + MAX_LIFETIME_DAYS * DAY_MS)
    problems.push(`Tin chỉ được giữ tối đa ${MAX_LIFETIME_DAYS} ngày sau thời điểm gửi`);
  if (problems.length > 0) throw new InputError(`${problems.join('; ')}.`);

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
  const record = toBroadcastRecord(doc.toObject());
  await writeAudit(
    {
      actor,
      action: 'broadcast.create',
      targetType: 'broadcast',
      targetId: record.id,
      details: { topic: record.topic, scheduledAt: scheduledAt.toISOString(), expiresAt: expiresAt.toISOString() },
    },
    now,
  );
  return record;
}

/** True when `actor` may withdraw a news item `createdBy` someone: admins any, a lead only their own. */
export function mayWithdrawNews(actor: StaffActor, createdBy: string): boolean {
  return actor.role === 'admin' || (actor.role === 'lead' && createdBy === actor.username);
}

/**
 * Withdraws a news item: nothing more is sent or delivered at next contact; messages already
 * queued but not yet sent are withdrawn from the outbox. What was sent, or was on its way to the
 * platform at that moment, stays sent. Idempotent. A lead may withdraw only the items they
 * created ({@link mayWithdrawNews}); anything else is a {@link ForbiddenError}. `wake` is the
 * service's outbox wake-up, so the queued messages are withdrawn without waiting for a poll.
 */
export async function cancelNews(id: string, actor: StaffActor, wake: WakeOutbox, now = new Date()): Promise<BroadcastRecord> {
  assertMayBroadcast(actor);
  if (!Types.ObjectId.isValid(String(id))) throw new NotFoundError('News item');
  const existing = await BroadcastModel.findById(String(id), { createdBy: 1 }).lean<{ createdBy: string }>();
  if (!existing) throw new NotFoundError('News item');
  if (!mayWithdrawNews(actor, existing.createdBy)) throw new ForbiddenError('Chỉ người tạo tin hoặc quản trị viên mới thu hồi được tin này.');
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
      { $set: { status: 'cancelled', updatedAt: now, outcome: WITHDRAWN_BY_STAFF } },
    );
    // Queued messages are withdrawn by the outbox as their turn comes; the news job settles their deliveries.
    await withdrawBroadcastMessages(String(id), WITHDRAWN_BY_STAFF, now, wake);
    await writeAudit({ actor, action: 'broadcast.cancel', targetType: 'broadcast', targetId: String(id) }, now);
  }
  return toBroadcastRecord(current);
}

/** News items, newest first. */
export async function listNews(limit = 50): Promise<BroadcastRecord[]> {
  const docs = await BroadcastModel.find({})
    .sort({ createdAt: -1 })
    .limit(Math.min(200, Math.max(1, limit)))
    .lean<BroadcastDoc[]>();
  return docs.map(toBroadcastRecord);
}

/** One news item. @throws {NotFoundError} */
export async function getNews(id: string): Promise<BroadcastRecord> {
  if (!Types.ObjectId.isValid(String(id))) throw new NotFoundError('News item');
  const doc = await BroadcastModel.findById(String(id)).lean<BroadcastDoc>();
  if (!doc) throw new NotFoundError('News item');
  return toBroadcastRecord(doc);
}
