import type { EventCatalogue, OutreachEvent } from '../content/types.js';
import { isDuplicateKey } from '../db/connect.js';
import { EventRegistrationModel, EventSeatModel, type RegistrationStatus } from '../db/models/event-registration.js';
import type { Channel } from '../domain/vocabulary.js';
import { AppError, InputError } from '../errors.js';
import { log } from '../log.js';

const eventsLog = log.child({ module: 'events' });

/** Registration for the event has closed (its deadline or start has passed). */
export class RegistrationClosedError extends AppError {
  constructor(readonly eventId: string) {
    super('event_registration_closed', `Registration for event ${eventId} is closed`, { status: 409 });
  }
}

/** Every seat of the event is taken. */
export class EventFullError extends AppError {
  constructor(readonly eventId: string) {
    super('event_full', `Event ${eventId} is full`, { status: 409 });
  }
}

/** A registration as services return it: a plain object. */
export interface RegistrationRecord {
  id: string;
  eventId: string;
  contactKey: string;
  channel: Channel;
  status: RegistrationStatus;
  name?: string;
  phone?: string;
  registeredAt: Date;
  cancelledAt?: Date;
}

interface RegistrationDoc {
  _id: { toString(): string };
  eventId: string;
  contactKey: string;
  channel: string;
  status: string;
  name?: string | null;
  phone?: string | null;
  registeredAt: Date;
  cancelledAt?: Date | null;
}

function toRecord(doc: RegistrationDoc): RegistrationRecord {
  return {
    id: doc._id.toString(),
    eventId: doc.eventId,
    contactKey: doc.contactKey,
    channel: doc.channel as Channel,
    status: doc.status as RegistrationStatus,
    name: doc.name ?? undefined,
    phone: doc.phone ?? undefined,
    registeredAt: doc.registeredAt,
    cancelledAt: doc.cancelledAt ?? undefined,
  };
}

/** When registration for `event` closes: its own deadline, else its start. */
export function registrationClosesAt(event: OutreachEvent): Date {
  return new Date(event.registrationClosesAt ?? event.startsAt);
}

/** True while people may still register for `event` at `now`. */
export function isRegistrationOpen(event: OutreachEvent, now = new Date()): boolean {
  return now.getTime() < registrationClosesAt(event).getTime();
}

/** Events that have not started yet at `now`, soonest first. */
export function listUpcomingEvents(catalogue: EventCatalogue, now = new Date()): OutreachEvent[] {
  return catalogue.events
    .filter((e) => new Date(e.startsAt).getTime() > now.getTime())
    .sort((a, b) => new Date(a.startsAt).getTime() - new Date(b.startsAt).getTime());
}

/** How many people hold a seat for the event. */
export async function countRegistrations(eventId: string): Promise<number> {
  return EventRegistrationModel.countDocuments({ eventId: String(eventId), status: 'registered' });
}

/** Seats still free (never below zero). */
export async function seatsLeft(event: OutreachEvent): Promise<number> {
  return Math.max(0, event.capacity - (await countRegistrations(event.id)));
}

export interface RegisterInput {
  event: OutreachEvent;
  contactKey: string;
  channel: Channel;
  /** Given with the person's consent for the attendance list. */
  name?: string;
  phone?: string;
  /** Version of the consent text the person accepted. */
  consentTextVersion?: string;
}

export type RegisterResult = { outcome: 'registered'; registration: RegistrationRecord } | { outcome: 'already_registered'; registration: RegistrationRecord };

/** A claimed seat whose registration never appeared (a crash, or a registration deleted by retention) is freed after this. */
const SEAT_CLAIM_GRACE_MS = 60_000;

function seatPrefix(eventId: string): string {
  return `${eventId}#`;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function takenSeats(eventId: string): Promise<{ seat: number; takenAt: Date }[]> {
  const claims = await EventSeatModel.find({ _id: { $regex: `^${escapeRegex(seatPrefix(eventId))}` } }).lean();
  return claims.map((c) => ({ seat: Number(String(c._id).slice(seatPrefix(eventId).length)), takenAt: c.takenAt }));
}

/** Frees claims no registration holds any more (older than the grace period). True when some were freed. */
async function releaseOrphanSeats(eventId: string, now: Date): Promise<boolean> {
  const held = new Set(
    (await EventRegistrationModel.find({ eventId, status: 'registered' }, { seat: 1 }).lean())
      .map((r) => r.seat)
      .filter((s): s is number => typeof s === 'number'),
  );
  const orphans = (await takenSeats(eventId)).filter((c) => !held.has(c.seat) && now.getTime() - c.takenAt.getTime() > SEAT_CLAIM_GRACE_MS);
  if (orphans.length === 0) return false;
  await EventSeatModel.deleteMany({ _id: { $in: orphans.map((o) => `${seatPrefix(eventId)}${o.seat}`) } });
  eventsLog.warn({ eventId, seats: orphans.map((o) => o.seat) }, 'freed seats no registration held');
  return true;
}

/** Claims a free seat (its number), or undefined when every seat is taken. */
async function claimSeat(event: OutreachEvent, now: Date): Promise<number | undefined> {
  for (let round = 0; round < 2; round += 1) {
    const taken = new Set((await takenSeats(event.id)).map((c) => c.seat));
    for (let seat = 1; seat <= event.capacity; seat += 1) {
      if (taken.has(seat)) continue;
      try {
        await EventSeatModel.create({ _id: `${seatPrefix(event.id)}${seat}`, takenAt: now });
        return seat;
      } catch (err) {
        // Someone took this seat a moment ago: try the next one.
        if (!isDuplicateKey(err)) throw err;
      }
    }
    if (!(await releaseOrphanSeats(event.id, now))) break;
  }
  return undefined;
}

async function releaseSeat(eventId: string, seat: number | null | undefined): Promise<void> {
  if (typeof seat === 'number') await EventSeatModel.deleteOne({ _id: `${seatPrefix(eventId)}${seat}` });
}

/**
 * Registers a person for an event. Guarantees: one registration per event and person (a
 * second call answers `already_registered`; registering after a cancellation reuses the entry);
 * never more seats than the event's capacity, also when people register at the same moment
 * on several instances (each registration holds a seat claimed under a unique id).
 *
 * @throws {RegistrationClosedError} after the registration deadline.
 * @throws {EventFullError} when every seat is taken.
 */
export async function registerForEvent(input: RegisterInput, now = new Date()): Promise<RegisterResult> {
  const { event } = input;
  if (typeof input.contactKey !== 'string' || !input.contactKey.includes(':')) throw new InputError('contactKey must look like "zalo:<user id>"');
  if (!isRegistrationOpen(event, now)) throw new RegistrationClosedError(event.id);
  const existing = await EventRegistrationModel.findOne({ eventId: event.id, contactKey: input.contactKey }).lean<RegistrationDoc>();
  if (existing?.status === 'registered') return { outcome: 'already_registered', registration: toRecord(existing) };

  const seat = await claimSeat(event, now);
  if (seat === undefined) throw new EventFullError(event.id);
  const set: Record<string, unknown> = { status: 'registered', channel: input.channel, registeredAt: now, seat };
  if (input.name) set.name = input.name;
  if (input.phone) set.phone = input.phone;
  if (input.consentTextVersion) set.consent = { textVersion: input.consentTextVersion, at: now };
  let doc: RegistrationDoc | null;
  try {
    doc = await EventRegistrationModel.findOneAndUpdate(
      { eventId: event.id, contactKey: input.contactKey, status: { $ne: 'registered' } },
      { $set: set, $unset: { cancelledAt: 1, cancelReason: 1 } },
      { upsert: true, returnDocument: 'after' },
    ).lean<RegistrationDoc>();
  } catch (err) {
    await releaseSeat(event.id, seat);
    // The same person registered in a parallel turn: the unique index kept one entry.
    if (!isDuplicateKey(err)) throw err;
    const current = await EventRegistrationModel.findOne({ eventId: event.id, contactKey: input.contactKey }).lean<RegistrationDoc>();
    if (!current) throw err;
    return { outcome: 'already_registered', registration: toRecord(current) };
  }
  if (!doc) throw new Error(`registration for ${event.id} was not stored`);
  eventsLog.info({ eventId: event.id, channel: input.channel, seat }, 'event registration stored');
  return { outcome: 'registered', registration: toRecord(doc) };
}

/**
 * Cancels the person's registration for an event, frees its seat and removes the name and
 * phone kept for it. Returns false when there was no active registration (idempotent).
 */
export async function cancelRegistration(eventId: string, contactKey: string, now = new Date()): Promise<boolean> {
  const before = await EventRegistrationModel.findOneAndUpdate(
    { eventId: String(eventId), contactKey: String(contactKey), status: 'registered' },
    { $set: { status: 'cancelled', cancelledAt: now, cancelReason: 'person' }, $unset: { name: 1, phone: 1, seat: 1 } },
    { returnDocument: 'before' },
  ).lean<RegistrationDoc & { seat?: number | null }>();
  if (!before) return false;
  await releaseSeat(before.eventId, before.seat);
  return true;
}

/** The person's registrations, soonest registered first; only active ones unless `all`. */
export async function listRegistrationsForContact(contactKey: string, options: { all?: boolean } = {}): Promise<RegistrationRecord[]> {
  const filter: Record<string, unknown> = { contactKey: String(contactKey) };
  if (!options.all) filter.status = 'registered';
  const docs = await EventRegistrationModel.find(filter).sort({ registeredAt: 1, _id: 1 }).lean<RegistrationDoc[]>();
  return docs.map(toRecord);
}

/** Active registrations of one event, in order of registration (the attendance list). */
export async function listRegistrationsForEvent(eventId: string): Promise<RegistrationRecord[]> {
  const docs = await EventRegistrationModel.find({ eventId: String(eventId), status: 'registered' })
    .sort({ registeredAt: 1, _id: 1 })
    .lean<RegistrationDoc[]>();
  return docs.map(toRecord);
}

/** Removes name and phone from all of a person's registrations (consent withdrawn); seats stay. Returns how many changed. */
export async function clearRegistrationDetails(contactKey: string): Promise<number> {
  const result = await EventRegistrationModel.updateMany(
    { contactKey: String(contactKey), $or: [{ name: { $exists: true } }, { phone: { $exists: true } }] },
    { $unset: { name: 1, phone: 1, consent: 1 } },
  );
  return result.modifiedCount;
}

/** Deletes every registration of a person (erasure of their data), freeing their seats. Returns how many were deleted. */
export async function deleteRegistrationsForContact(contactKey: string): Promise<number> {
  const held = await EventRegistrationModel.find({ contactKey: String(contactKey), status: 'registered' }, { eventId: 1, seat: 1 }).lean();
  const result = await EventRegistrationModel.deleteMany({ contactKey: String(contactKey) });
  for (const registration of held) await releaseSeat(registration.eventId, registration.seat);
  return result.deletedCount;
}
