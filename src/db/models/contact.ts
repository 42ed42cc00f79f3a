import { Schema, model, type InferSchemaType } from 'mongoose';
import { CHANNELS, LANGUAGES } from '../../domain/vocabulary.js';

/** One consent decision, kept as a ledger entry (Law 91/2025/QH15: provable, per purpose). */
const consentSchema = new Schema(
  {
    purpose: { type: String, required: true },
    granted: { type: Boolean, required: true },
    /** Version of the consent text the person was shown. */
    textVersion: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { _id: false },
);

const choiceSchema = new Schema({ number: Number, title: String, payload: String }, { _id: false });

/** One person on one channel. `_id` and `key` are both `${channel}:${userId}`: every lookup is by `_id`. */
const contactSchema = new Schema(
  {
    _id: {
      type: String,
      required: true,
      default(this: { key?: string }) {
        return this.key;
      },
    },
    /** `${channel}:${userId}`, the same as `_id`. */
    key: { type: String, required: true },
    channel: { type: String, enum: CHANNELS, required: true },
    userId: { type: String, required: true },
    /** Name the platform shows; not personal data we asked for. */
    displayName: String,
    language: { type: String, enum: LANGUAGES, default: 'vi' },
    followState: { type: String, enum: ['following', 'unfollowed', 'unknown'], default: 'unknown' },
    firstSeenAt: { type: Date, required: true },
    /** Messages and taps received since the contact was made (or its data erased). */
    inboundCount: Number,
    /** Local dates (`YYYY-MM-DD`, the calendar's zone) on which the person wrote: the reports' reach. */
    activeDays: { type: [String], default: undefined },
    /** How many transcript lines the person's conversation has had: the number of the latest (see services/transcript.ts). */
    lineCount: Number,
    lastInboundAt: Date,
    /** Personal details given with consent; erased on request or withdrawal. */
    profile: {
      name: String,
      phone: String,
      email: String,
      address: String,
    },
    consents: { type: [consentSchema], default: [] },
    subscriptions: { type: [String], default: [] },
    /** Set while an officer has taken over the conversation; the bot stays quiet. */
    takeover: {
      staffId: String,
      staffName: String,
      since: Date,
      lastActivityAt: Date,
    },
    erasedAt: Date,
    /** The numbered choices of the last message sent to the person, so a typed "2" can be read as that choice. */
    lastChoices: { type: [choiceSchema], default: undefined },
    /**
     * When a message was last put in the outbox queue for the person, if their queue has not been
     * seen empty since: a turn's replies then queue behind it instead of going at once.
     */
    outboxQueuedAt: Date,
    /**
     * Botkit's state of the person's conversation (the dialog they are in), as JSON text: dialog
     * state has keys with dots and dollar signs. Absent outside any dialog (src/bot/storage.ts).
     */
    dialog: String,
  },
  { timestamps: true, collection: 'contacts' },
);
contactSchema.index({ subscriptions: 1 });
contactSchema.index({ lastInboundAt: 1 });

export type Contact = InferSchemaType<typeof contactSchema>;
export const ContactModel = model('Contact', contactSchema);
