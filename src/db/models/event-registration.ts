import { Schema, model, type InferSchemaType } from 'mongoose';
import { CHANNELS } from './shared.js';

export const REGISTRATION_STATUSES = ['registered', 'cancelled'] as const;
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
    registeredAt: { type: Date, required: true },
    cancelledAt: Date,
    /** Why a registration was cancelled: by the person, or because the event was already full. */
    cancelReason: { type: String, enum: ['person', 'full'] },
    /** Set by the reminder job once the person was reminded. */
    remindedAt: Date,
  },
  { timestamps: true, collection: 'event_registrations' },
);
eventRegistrationSchema.index({ eventId: 1, contactKey: 1 }, { unique: true });
eventRegistrationSchema.index({ eventId: 1, status: 1, registeredAt: 1 });
eventRegistrationSchema.index({ contactKey: 1 });

export type EventRegistration = InferSchemaType<typeof eventRegistrationSchema>;
export const EventRegistrationModel = model('EventRegistration', eventRegistrationSchema);
