import { describe, expect, it } from 'vitest';
import type { EventCatalogue, OutreachEvent } from '../../src/content/types.js';
import { ContactModel } from '../../src/db/models/contact.js';
import { EventRegistrationModel } from '../../src/db/models/event-registration.js';
import { OutboxRecordModel } from '../../src/db/models/outbox-message.js';
import { sendEventReminders } from '../../src/jobs/event-reminders.js';
import { cancelRegistration, registerForEvent } from '../../src/services/events.js';
import { useTestDatabase } from '../support/database.js';

useTestDatabase('jobs_event_reminders');

const vn = (iso: string) => new Date(`${iso}+07:00`);
const NOW = vn('2026-12-09T10:00:00');

function event(id: string, startsAt: string, extra: Partial<OutreachEvent> = {}): OutreachEvent {
  return {
    id,
    kind: 'workshop',
    topic: 'chat-luong',
    title: { vi: `Hội thảo ${id}`, en: `Workshop ${id}` },
    description: { vi: 'Mô tả', en: 'Description' },
    startsAt,
    endsAt: startsAt,
    registrationClosesAt: '2026-12-08T17:00:00+07:00',
    place: { vi: 'Hội trường Sở', en: 'Department hall' },
    capacity: 50,
    audience: { vi: 'Doanh nghiệp', en: 'Businesses' },
    ...extra,
  };
}

const tomorrow = event('hoi-thao-mai', '2026-12-10T08:00:00+07:00', { onlineUrl: 'https://meet.example.gov.vn/hoi-thao' });
const nextWeek = event('hoi-thao-tuan-sau', '2026-12-16T08:00:00+07:00');
const catalogue: EventCatalogue = { isSample: true, notice: { vi: '', en: '' }, events: [tomorrow, nextWeek] };

async function person(key: string, language: 'vi' | 'en' = 'vi'): Promise<string> {
  const [channel, userId] = key.split(':') as ['zalo' | 'messenger', string];
  await ContactModel.create({ key, channel, userId, language, firstSeenAt: vn('2026-12-01T09:00:00'), lastInboundAt: vn('2026-12-05T09:00:00') });
  return key;
}

describe('event reminders', () => {
  it('when an event starts within the reminder time, then each registrant is reminded once in their language, and nobody twice however often the job runs', async () => {
    const registeredAt = vn('2026-12-05T09:00:00');
    for (const [key, language] of [
      ['zalo:100', 'vi'],
      ['messenger:200', 'en'],
      ['zalo:300', 'vi'],
    ] as const) {
      await person(key, language);
      await registerForEvent({ event: tomorrow, contactKey: key, channel: key.startsWith('zalo') ? 'zalo' : 'messenger' }, registeredAt);
    }
    await registerForEvent({ event: nextWeek, contactKey: 'zalo:100', channel: 'zalo' }, registeredAt);
    expect(await cancelRegistration(tomorrow.id, 'zalo:300', registeredAt)).toBe(true);

    const options = { events: () => catalogue, hoursBefore: 24, timezone: 'Asia/Ho_Chi_Minh', wakeOutbox: () => {} };
    const first = await sendEventReminders(NOW, options, new AbortController().signal);
    expect(first).toMatchObject({ events: 1, reminded: 2 });
    const again = await sendEventReminders(vn('2026-12-09T10:15:00'), options, new AbortController().signal);
    expect(again).toMatchObject({ events: 1, reminded: 0, alreadyReminded: 2 });

    const reminders = await OutboxRecordModel.find({ purpose: 'reminder' }).lean();
    expect(reminders.map((r) => r.contactKey).sort()).toEqual(['messenger:200', 'zalo:100']);
    const vi = reminders.find((r) => r.contactKey === 'zalo:100')!.message as { text: string; buttons?: { url: string }[] };
    expect(vi.text).toContain('Nhắc lịch: Quý ông/bà đã đăng ký tham dự "Hội thảo hoi-thao-mai", bắt đầu lúc 10/12/2026 08:00');
    expect(vi.text).toContain('Địa điểm: Hội trường Sở');
    expect(vi.buttons?.[0]?.url).toBe('https://meet.example.gov.vn/hoi-thao');
    const en = reminders.find((r) => r.contactKey === 'messenger:200')!.message as { text: string };
    expect(en.text).toContain('Reminder: you registered for "Workshop hoi-thao-mai"');
    const registrations = await EventRegistrationModel.find({ eventId: tomorrow.id, status: 'registered' }).lean();
    expect(registrations.every((r) => r.remindedAt instanceof Date)).toBe(true);
  });

  it('when the reminder was queued but the run died before noting it, then the next run does not queue a second one', async () => {
    await person('zalo:400');
    await registerForEvent({ event: tomorrow, contactKey: 'zalo:400', channel: 'zalo' }, vn('2026-12-06T09:00:00'));
    const options = { events: () => catalogue, hoursBefore: 24, timezone: 'Asia/Ho_Chi_Minh', wakeOutbox: () => {} };
    await sendEventReminders(NOW, options, new AbortController().signal);
    await EventRegistrationModel.updateOne({ eventId: tomorrow.id, contactKey: 'zalo:400' }, { $unset: { remindedAt: 1 } });
    await sendEventReminders(NOW, options, new AbortController().signal);
    expect(await OutboxRecordModel.countDocuments({ contactKey: 'zalo:400', purpose: 'reminder' })).toBe(1);
  });
});
