import { ContactModel } from '../db/models/contact.js';
import { EventRegistrationModel } from '../db/models/event-registration.js';
import type { Language } from '../domain/vocabulary.js';
import { ForbiddenError, NotFoundError } from '../errors.js';
import { enqueueMessage } from '../outbox/enqueue.js';
import type { WakeOutbox } from '../outbox/wake.js';
import { csvField } from '../reports/csv.js';
import { formatDateTimeVi } from '../reports/labels.js';
import { writeAudit, type StaffActor } from '../services/audit.js';
import { listRegistrationsForEvent } from '../services/events.js';
import { canPublish } from './drafts.js';
import { itemId } from './files.js';
import type { ContentLibrary } from './library.js';
import { markPublished, publishItems } from './store.js';

/** The notice registrants get when an event is cancelled, in their language. */
const CANCELLED_NOTICE: Record<Language, (title: string, time: string, reason: string | undefined) => string> = {
  vi: (title, time, reason) =>
    `Sở Khoa học và Công nghệ thông báo: sự kiện «${title}» (${time}) mà Quý ông/bà đã đăng ký đã bị huỷ.${reason ? `\nLý do: ${reason}` : ''}\nXin lỗi Quý ông/bà vì sự bất tiện này.`,
  en: (title, time, reason) =>
    `The Department of Science and Technology: the event "${title}" (${time}) you registered for has been cancelled.${reason ? `\nReason: ${reason}` : ''}\nWe apologise for the inconvenience.`,
};

/** The outbox key of one registrant's cancellation notice: one per registration. */
function eventCancelledKey(eventId: string, registrationId: string): string {
  return `notice:event-cancelled:${eventId}:${registrationId}`;
}

/**
 * The attendance list of an event as CSV (UTF-8 with BOM, for spreadsheets): one row per active
 * registration, in order of registration, with the name and phone the person gave.
 */
export async function registrantsCsv(eventId: string, timezone: string): Promise<string> {
  const rows = (await listRegistrationsForEvent(eventId)).map((r, i) => [
    i + 1,
    r.name ?? '',
    r.phone ?? '',
    r.channel,
    formatDateTimeVi(r.registeredAt, timezone),
  ]);
  const lines = [['STT', 'Họ tên', 'Điện thoại', 'Kênh', 'Đăng ký lúc'], ...rows].map((row) => row.map((v) => csvField(v)).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/**
 * Cancels an event (leads and admins): every registrant is told in their language through the
 * outbox (one notice per registration, so running it again sends nothing twice), their
 * registrations are closed and their name and phone removed, and the event is unpublished as a
 * new version (it can be restored). Returns how many registrants were told.
 */
export async function cancelEvent(
  eventId: string,
  reason: string | undefined,
  actor: StaffActor,
  library: ContentLibrary,
  timezone: string,
  wake: WakeOutbox,
  now = new Date(),
): Promise<number> {
  if (!canPublish(actor)) throw new ForbiddenError('Chỉ lãnh đạo phòng hoặc quản trị được huỷ sự kiện.');
  const id = itemId('event', eventId);
  const event = library.current().content.events.events.find((e) => e.id === eventId);
  if (!event) throw new NotFoundError(`Sự kiện ${eventId}`);
  const registrations = await listRegistrationsForEvent(eventId);
  const contacts = await ContactModel.find({ key: { $in: registrations.map((r) => r.contactKey) } }, { key: 1, language: 1 }).lean();
  const languageOf = new Map(contacts.map((c) => [c.key, c.language ?? 'vi']));
  for (const registration of registrations) {
    const language = languageOf.get(registration.contactKey) ?? 'vi';
    const text = CANCELLED_NOTICE[language](event.title[language] || event.title.vi, formatDateTimeVi(new Date(event.startsAt), timezone), reason);
    await enqueueMessage(
      { contactKey: registration.contactKey, purpose: 'notice', key: eventCancelledKey(eventId, registration.id), message: { text } },
      wake,
      now,
    );
  }
  await EventRegistrationModel.updateMany(
    { eventId, status: 'registered' },
    { $set: { status: 'cancelled', cancelledAt: now, cancelReason: 'event_cancelled' }, $unset: { name: 1, phone: 1, seat: 1 } },
  );
  await publishItems([{ id, kind: 'event', key: eventId, value: null }], actor, 'console', now);
  await markPublished(actor, now);
  await writeAudit({ actor, action: 'content.event_cancel', targetType: 'content', targetId: id, details: { registrants: registrations.length, reason } }, now);
  await library.refresh();
  return registrations.length;
}
