import type { EventCatalogue, OutreachEvent } from '../content/types.js';
import { findByIds } from '../db/by-id.js';
import { ContactModel } from '../db/models/contact.js';
import { EventRegistrationModel } from '../db/models/event-registration.js';
import type { Language } from '../domain/vocabulary.js';
import { t } from '../i18n.js';
import { enqueueMessage } from '../outbox/enqueue.js';
import type { WakeOutbox } from '../outbox/wake.js';
import { formatDateTimeVi } from '../reports/labels.js';
import type { JobDefinition } from './types.js';

export interface EventRemindersOptions {
  /** The current event catalogue (read again on every run, so edits apply). */
  events: () => EventCatalogue;
  /** Remind this many hours before an event starts (`config.jobs.eventReminderHours`). */
  hoursBefore: number;
  timezone: string;
  /** The service's outbox wake-up, told of the reminders queued. */
  wakeOutbox: WakeOutbox;
}

/** The outbox key of one registration's reminder: at most one per registration and event. */
function eventReminderKey(eventId: string, registrationId: string): string {
  return `reminder:event:${eventId}:${registrationId}`;
}

/** The reminder text for an event in the person's language. */
function composeEventReminder(event: OutreachEvent, language: Language, timezone: string): string {
  const lines = [
    t(language, 'news:event_reminder', { title: event.title[language] || event.title.vi, time: formatDateTimeVi(new Date(event.startsAt), timezone) }),
    t(language, 'news:event_reminder_place', { place: event.place[language] || event.place.vi }),
  ];
  if (event.onlineUrl) lines.push(t(language, 'news:event_reminder_online', { url: event.onlineUrl }));
  return lines.join('\n');
}

/**
 * Reminds everyone registered for an event that starts within the next `hoursBefore` hours.
 * Each reminder goes through the outbox with purpose `reminder` and the key
 * {@link eventReminderKey}, so however often the job runs, nobody is reminded twice; the
 * registration's `remindedAt` is set after. A registration cancelled before the run is skipped.
 */
export async function sendEventReminders(now: Date, options: EventRemindersOptions, signal: AbortSignal): Promise<Record<string, number>> {
  const until = now.getTime() + options.hoursBefore * 3_600_000;
  const events = options.events().events.filter((e) => {
    const start = new Date(e.startsAt).getTime();
    return start > now.getTime() && start <= until;
  });
  const counts = { events: events.length, reminded: 0, alreadyReminded: 0 };
  for (const event of events) {
    const registrations = await EventRegistrationModel.find({ eventId: event.id, status: 'registered' }, { contactKey: 1, remindedAt: 1 }).lean();
    const contacts = await findByIds<{ key: string; language?: string }>(
      ContactModel,
      registrations.map((r) => r.contactKey),
      { key: 1, language: 1 },
    );
    const languageOf = new Map(contacts.map((c) => [c.key, (c.language ?? 'vi') as Language]));
    for (const registration of registrations) {
      if (signal.aborted) return counts;
      if (registration.remindedAt) {
        counts.alreadyReminded += 1;
        continue;
      }
      const language = languageOf.get(registration.contactKey) ?? 'vi';
      const { created } = await enqueueMessage(
        {
          contactKey: registration.contactKey,
          purpose: 'reminder',
          key: eventReminderKey(event.id, registration._id.toString()),
          message: {
            text: composeEventReminder(event, language, options.timezone),
            buttons: event.onlineUrl ? [{ type: 'url', title: t(language, 'news:event_link_button'), url: event.onlineUrl }] : undefined,
          },
        },
        options.wakeOutbox,
        now,
      );
      if (created) counts.reminded += 1;
      else counts.alreadyReminded += 1;
      await EventRegistrationModel.updateOne({ _id: registration._id }, { $set: { remindedAt: now } });
    }
  }
  return counts;
}

/** Event reminders as a scheduled job. */
export function eventRemindersJob(cron: string, options: EventRemindersOptions): JobDefinition {
  return {
    name: 'event-reminders',
    cron,
    async run({ now, signal }) {
      const counts = await sendEventReminders(now, options, signal);
      return { counts, summary: `${counts.events} sự kiện sắp diễn ra; ${counts.reminded} lời nhắc đã xếp gửi` };
    },
  };
}
