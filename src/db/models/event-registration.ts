import { Schema, model } from 'mongoose';
import { CHANNELS } from '../../domain/vocabulary.js';

const REGISTRATION_STATUSES = ['registered', 'cancelled'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

/**
 * One person's registration for an outreach event or training (events come from
 * `content/events.json`). Unique per event and person: registering again after cancelling
 * reuses the same entry. Name and phone are kept only with the person's consent, for the
 * attendance list; they are removed on cancellation, withdrawal of consent or erasure.
 */
const eventRegistrationSchema = new Schema(
  {
    eventId: { type: String, required: true },
    contactKey: { type: String, required: true },
    channel: { type: String, enum: CHANNELS, required: true },
    status: { type: String, enum: REGISTRATION_STATUSES, required: true },
    name: String,
    phone: String,
    /** Which consent text the person accepted, and when. */
    consent: { textVersion: String, at: Date },
    /** The seat held (1…capacity) while registered; see {@link EventSeatModel}. */
    seat: Number,
    registeredAt: { type: Date, required: true },
    cancelledAt: Date,
    /** Why a registration was cancelled. */
    cancelReason: { type: String, enum: ['person', 'full', 'event_cancelled'] },
    /** Set by the reminder job once the person was reminded. */
    remindedAt: Date,
  },
  { timestamps: true, collection: 'event_registrations' },
);
eventRegistrationSchema.index({ eventId: 1, contactKey: 1 }, { unique: true });
eventRegistrationSchema.index({ eventId: 1, status: 1, registeredAt: 1 });
eventRegistrationSchema.index({ contactKey: 1 });

export const EventRegistrationModel = model('EventRegistration', eventRegistrationSchema);

/**
 * One taken seat of an event, `_id` = `<eventId>#<seat number>`. Seats are claimed by
 * inserting under that unique `_id`, so an event never gives more seats than its capacity,
 * even when people register at the same moment on several instances (no transactions, and
 * FerretDB may lose concurrent `$inc`s). Holds no personal data.
 */
const eventSeatSchema = new Schema(
  {
    _id: { type: String, required: true },
    takenAt: { type: Date, required: true },
  },
  { collection: 'event_seats', versionKey: false },
);

export const EventSeatModel = model('EventSeat', eventSeatSchema);
