import type { InboundEvent } from '../channels/types.js';
import { ContactModel, type Contact } from '../db/models/contact.js';
import { contactKeyOf, type Language } from '../domain/vocabulary.js';
import { appendTranscriptLine } from './transcript.js';
import { ticketContext } from './tickets/context.js';
import { localDateOf } from './zoned-time.js';

/** True for events that open or renew a platform's messaging window. */
function isInteraction(event: InboundEvent): boolean {
  return event.type !== 'unfollow';
}

/**
 * Records an inbound event against the person's contact: creates the contact on first
 * contact, keeps the platform display name, follow state and the time of the last
 * interaction (which the channel windows are counted from), and adds the line to the
 * transcript. Returns the contact after the update.
 */
export async function recordInbound(event: InboundEvent, now = new Date(), timeZone = ticketContext().calendar.timezone): Promise<Contact> {
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
  if (isMessage) {
    await appendTranscriptLine(
      key,
      {
        direction: 'in',
        author: 'person',
        text: event.text ?? event.payload ?? '',
        attachments: (event.attachments ?? []).map((a) => ({ type: a.type, url: a.url, name: a.name })),
        at: now,
      },
      contact?.lineCount ?? undefined,
    );
  }
  return contact as Contact;
}

export async function setContactLanguage(key: string, language: Language): Promise<void> {
  await ContactModel.updateOne({ _id: String(key) }, { $set: { language } });
}
