import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/index.js';
import { EventRegistrationModel } from '../../src/db/models/event-registration.js';
import { t } from '../../src/i18n.js';
import { listUpcomingEvents } from '../../src/services/events.js';
import { formatDateTime, formatTime } from '../../flows/shared/format.js';
import { payloadsOf, useFlowService } from './chat.js';

const app = useFlowService('flows_events', { clock: () => now });
const content = loadContent();
/** A fixed "now" before every sample event, so the test does not depend on the day it runs. */
let now = new Date('2026-12-01T02:00:00Z');

/** The zone the service reads dates in: its calendar's. */
const zone = () => app.service.tickets.calendar.timezone;
const upcoming = () => listUpcomingEvents(content.events, now);

describe('events and training', () => {
  it('when a person lists events, registers with consent and cancels, then the seat and their details come and go', async () => {
    const event = upcoming()[0]!;
    const chat = app.person('messenger');
    const list = await chat.tap('EVENTS');
    for (const each of upcoming()) expect(list.at(-1)!.text).toContain(each.title.vi);
    expect(list.at(-1)!.text).toContain(t('vi', 'events:seats_left', { count: event.capacity }));

    const detail = await chat.choose(list, `EVENT:${event.id}`);
    expect(detail.at(-1)!.text).toContain(event.description.vi);
    const consent = await chat.choose(detail, `EVENT_REG:${event.id}`);
    expect(consent.at(-1)!.text).toBe(t('vi', 'consent:event_registration.text', { title: event.title.vi }));
    await chat.choose(consent, 'CONSENT_YES');
    await chat.say('Hoàng Thị Én');
    const done = await chat.say('0904 555 666');
    const when = t('vi', 'events:when', {
      start: formatDateTime(new Date(event.startsAt), 'vi', zone()),
      end: formatTime(new Date(event.endsAt), 'vi', zone()),
    });
    expect(done.at(-1)!.text).toContain(t('vi', 'events:registered', { title: event.title.vi, when, place: event.place.vi }));

    const stored = (await EventRegistrationModel.findOne({ eventId: event.id, contactKey: chat.contactKey }).lean())!;
    expect(stored).toMatchObject({ status: 'registered', name: 'Hoàng Thị Én', phone: '0904555666' });
    expect(stored.consent?.textVersion).toBe(`event_registration/v${t('vi', 'consent:event_registration.version')}/vi`);
    expect((await chat.tap('EVENTS')).at(-1)!.text).toContain(t('vi', 'events:seats_left', { count: event.capacity - 1 }));

    const again = await chat.tap(`EVENT:${event.id}`);
    expect(again.at(-1)!.text).toContain(t('vi', 'events:you_are_registered'));
    const cancelled = await chat.choose(again, `EVENT_CANCEL:${event.id}`);
    expect(cancelled.at(-1)!.text).toContain(t('vi', 'events:cancelled', { title: event.title.vi }));
    const after = (await EventRegistrationModel.findOne({ eventId: event.id, contactKey: chat.contactKey }).lean())!;
    expect(after.status).toBe('cancelled');
    expect(after.name).toBeUndefined();
    expect(after.phone).toBeUndefined();
  });

  it('when consent is declined, then no registration is made and the person is told why', async () => {
    const event = upcoming()[1]!;
    const chat = app.person('zalo');
    await chat.tap(`EVENT_REG:${event.id}`);
    const declined = await chat.tap('CONSENT_NO');
    expect(declined.at(-1)!.text).toContain(t('vi', 'events:declined'));
    expect(await EventRegistrationModel.countDocuments({ contactKey: chat.contactKey })).toBe(0);
  });

  it('when a Zalo user registers in English through the Zalo form, then the form details are used and the registration is listed as theirs', async () => {
    const event = upcoming()[2]!;
    const chat = app.person('zalo');
    await chat.tap('LANG:en');
    await chat.tap(`EVENT_REG:${event.id}`);
    const form = await chat.tap('CONSENT_YES');
    expect(form.at(-1)!.requestUserInfo?.title).toBe(t('en', 'consent:form_title'));
    const done = await chat.submit({ name: 'Vũ Minh Giang', phone: '0911222333' });
    expect(done.at(-1)!.text).toContain(event.title.en);
    const mine = await chat.tap('MY_EVENTS');
    expect(mine.at(-1)!.text).toContain(t('en', 'events:mine_intro'));
    expect(mine.at(-1)!.text).toContain(event.title.en);
    expect(payloadsOf(mine)).toContain(`EVENT:${event.id}`);
    const twice = await chat.tap(`EVENT_REG:${event.id}`);
    expect(twice.at(-1)!.text).toContain(t('en', 'events:already', { title: event.title.en }));
  });

  it('when registration has closed, then the person is told so and nothing is stored', async () => {
    const event = content.events.events.find((e) => e.registrationClosesAt)!;
    const saved = now;
    now = new Date(new Date(event.registrationClosesAt!).getTime() + 60_000);
    try {
      const chat = app.person('messenger');
      const replies = await chat.tap(`EVENT_REG:${event.id}`);
      expect(replies.at(-1)!.text).toContain(t('vi', 'events:closed', { title: event.title.vi }));
      expect(await EventRegistrationModel.countDocuments({ contactKey: chat.contactKey })).toBe(0);
    } finally {
      now = saved;
    }
  });
});
