import { beforeEach, describe, expect, it } from 'vitest';
import type { EventCatalogue, OutreachEvent } from '../../src/content/index.js';
import { EventRegistrationModel, EventSeatModel } from '../../src/db/models/event-registration.js';
import {
  cancelRegistration,
  deleteRegistrationsForContact,
  EventFullError,
  listRegistrationsForContact,
  listRegistrationsForEvent,
  listUpcomingEvents,
  registerForEvent,
  RegistrationClosedError,
  seatsLeft,
} from '../../src/services/events.js';
import { clearDatabase, useTestDatabase } from '../support/database.js';

useTestDatabase('events');

const NOW = new Date('2026-12-01T02:00:00Z');

function event(overrides: Partial<OutreachEvent> = {}): OutreachEvent {
  return {
    id: 'tap-huan-thu',
    kind: 'training',
    topic: 'so-huu-tri-tue',
    title: { vi: 'Tập huấn thử', en: 'Trial training' },
    description: { vi: 'Mô tả', en: 'Description' },
    startsAt: '2026-12-10T08:00:00+07:00',
    endsAt: '2026-12-10T11:00:00+07:00',
    registrationClosesAt: '2026-12-08T17:00:00+07:00',
    place: { vi: 'Hội trường', en: 'Hall' },
    capacity: 3,
    audience: { vi: 'Doanh nghiệp', en: 'Businesses' },
    ...overrides,
  };
}

const register = (e: OutreachEvent, n: number, now = NOW) =>
  registerForEvent(
    {
      event: e,
      contactKey: `zalo:user-${n}`,
      channel: 'zalo',
      name: `Người ${n}`,
      phone: `09000000${String(n).padStart(2, '0')}`,
      consentTextVersion: 'event_registration/v1/vi',
    },
    now,
  );

beforeEach(async () => {
  await clearDatabase();
});

describe('event registration', () => {
  it('when a person registers twice, then one registration is kept and the second call says so', async () => {
    const e = event();
    expect((await register(e, 1)).outcome).toBe('registered');
    expect((await register(e, 1)).outcome).toBe('already_registered');
    expect(await EventRegistrationModel.countDocuments({ eventId: e.id })).toBe(1);
    expect(await seatsLeft(e)).toBe(2);
    const [stored] = await listRegistrationsForEvent(e.id);
    expect(stored).toMatchObject({ name: 'Người 1', phone: '0900000001', status: 'registered' });
  });

  it('when the event is full, then the next person is refused', async () => {
    const e = event({ capacity: 2 });
    await register(e, 1);
    await register(e, 2);
    await expect(register(e, 3)).rejects.toBeInstanceOf(EventFullError);
    expect(await seatsLeft(e)).toBe(0);
  });

  it('when many people register at the same moment, then no more seats than the capacity are given', async () => {
    const e = event({ capacity: 3 });
    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => register(e, i + 1)));
    const registered = results.filter((r) => r.status === 'fulfilled' && r.value.outcome === 'registered');
    const refused = results.filter((r) => r.status === 'rejected' && r.reason instanceof EventFullError);
    expect(registered).toHaveLength(3);
    expect(refused).toHaveLength(5);
    expect(await EventRegistrationModel.countDocuments({ eventId: e.id, status: 'registered' })).toBe(3);
  });

  it('when registration has closed, then nobody can register', async () => {
    const e = event();
    await expect(register(e, 1, new Date('2026-12-08T10:00:01Z'))).rejects.toBeInstanceOf(RegistrationClosedError);
    expect(await EventRegistrationModel.countDocuments({})).toBe(0);
  });

  it('when a person cancels, then the seat is freed, their details removed, and registering again reuses the entry', async () => {
    const e = event();
    await register(e, 1);
    expect(await cancelRegistration(e.id, 'zalo:user-1', NOW)).toBe(true);
    expect(await cancelRegistration(e.id, 'zalo:user-1', NOW)).toBe(false);
    const cancelled = (await EventRegistrationModel.findOne({ eventId: e.id }).lean())!;
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: 'person' });
    expect(cancelled.name).toBeUndefined();
    expect(await listRegistrationsForContact('zalo:user-1')).toEqual([]);
    expect((await register(e, 1)).outcome).toBe('registered');
    expect(await EventRegistrationModel.countDocuments({ eventId: e.id })).toBe(1);
  });

  it('when a seat was claimed but no registration holds it for over a minute, then it is freed for the next person', async () => {
    const e = event({ capacity: 1 });
    await EventSeatModel.create({ _id: `${e.id}#1`, takenAt: new Date(NOW.getTime() - 2 * 60_000) });
    expect((await register(e, 1)).outcome).toBe('registered');
  });

  it('when a seat was claimed a moment ago by a registration still being written, then it still counts', async () => {
    const e = event({ capacity: 1 });
    await EventSeatModel.create({ _id: `${e.id}#1`, takenAt: NOW });
    await expect(register(e, 1)).rejects.toBeInstanceOf(EventFullError);
  });

  it("when a person's registrations are deleted (erasure), then their seats are freed", async () => {
    const e = event({ capacity: 1 });
    await register(e, 1);
    expect(await deleteRegistrationsForContact('zalo:user-1')).toBe(1);
    expect(await EventSeatModel.countDocuments({})).toBe(0);
    expect((await register(e, 2)).outcome).toBe('registered');
  });

  it('lists only events that have not started, soonest first', () => {
    const catalogue: EventCatalogue = {
      isSample: true,
      notice: { vi: '', en: '' },
      events: [
        event({ id: 'sau', startsAt: '2027-01-05T08:00:00+07:00' }),
        event({ id: 'qua', startsAt: '2026-11-20T08:00:00+07:00' }),
        event({ id: 'truoc', startsAt: '2026-12-05T08:00:00+07:00' }),
      ],
    };
    expect(listUpcomingEvents(catalogue, NOW).map((e) => e.id)).toEqual(['truoc', 'sau']);
  });
});
