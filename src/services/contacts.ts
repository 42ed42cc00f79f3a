import type { InboundEvent } from '../channels/types.js';
import { ContactModel, type Contact } from '../db/models/contact.js';
import { contactKeyOf, type Language } from '../domain/vocabulary.js';
import type { NumberedLine, TranscriptLineInput } from './transcript.js';
import { ticketContext } from './tickets/context.js';
import { localDateOf } from './zoned-time.js';

/** True for events that open or renew a platform's messaging window. */
function isInteraction(event: InboundEvent): boolean {
  return event.type !== 'unfollow';
}

/** A recorded inbound event: the contact after it, and the person's line, numbered but not yet written. */
export interface RecordedInbound {
  contact: Contact;
  /** For messages: written by the caller, with the turn's first reply (one insert) or on its own. */
  line?: NumberedLine;
}

/**
 * Records an inbound event against the person's contact, with one write: creates the contact
 * on first contact, keeps the platform display name, follow state and the time of the last
 * interaction (which the channel windows are counted from), and numbers the message's line
 * in the transcript. Returns the contact after the update and that line, which the caller
 * writes (`appendTranscriptLines`).
 */
export async function recordInbound(event: InboundEvent, now = new Date(), timeZone = ticketContext().calendar.timezone): Promise<RecordedInbound> {
  const key = contactKeyOf(event.channel, event.userId);
  const set: Record<string, unknown> = {};
  if (isInteraction(event)) set.lastInboundAt = new Date(Math.min(event.timestamp || now.getTime(), now.getTime()));
  if (event.displayName) set.displayName = event.displayName.slice(0, 200);
  if (event.type === 'follow') set.followState = 'following';
  if (event.type === 'unfollow') set.followState = 'unfollowed';
  const isMessage = event.type === 'message' || event.type === 'postback';
  const contact = await ContactModel.findOneAndUpdate(
    { _id: key },
    {
      $setOnInsert: { key, channel: event.channel, userId: event.userId, firstSeenAt: now },
      $set: set,
      ...(isMessage ? { $inc: { inboundCount: 1, lineCount: 1 }, $addToSet: { activeDays: localDateOf(now, timeZone) } } : {}),
    },
    { upsert: true, returnDocument: 'after', lean: true },
  );
  if (!isMessage) return { contact: contact as Contact };
  const line: TranscriptLineInput = {
    direction: 'in',
    author: 'person',
    text: event.text ?? event.payload ?? '',
    attachments: (event.attachments ?? []).map((a) => ({ type: a.type, url: a.url, name: a.name })),
    at: now,
  };
  // A line for someone without a count (not expected) is still kept, under a number no count reaches.
  return { contact: contact as Contact, line: { n: contact?.lineCount ?? -Date.now(), line } };
}

export async function setContactLanguage(key: string, language: Language): Promise<void> {
  await ContactModel.updateOne({ _id: String(key) }, { $set: { language } });
}
