import type { InboundEvent } from '../channels/types.js';
import { ContactModel, type Contact } from '../db/models/contact.js';
import { contactKeyOf, type Language } from '../domain/vocabulary.js';
import type { NumberedLine, TranscriptLineInput } from './transcript.js';
import { previousDay, recordFirstMessageOfDay, recordSubscriberChange } from './contact-tallies.js';
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

let defaults: Record<string, unknown> | undefined;

/** The fields the contact schema fills in for a new contact (language, follow state, empty lists), worked out once. */
function schemaDefaults(): Record<string, unknown> {
  if (!defaults) {
    const {
      _id: _key,
      key: _sameKey,
      channel: _channel,
      userId: _userId,
      firstSeenAt: _seen,
      ...rest
    } = new ContactModel({
      key: 'x:x',
      channel: 'zalo',
      userId: 'x',
      firstSeenAt: new Date(0),
    }).toObject({ versionKey: false });
    defaults = rest;
  }
  return defaults;
}

/**
 * The contact after `update` of a recordInbound, from the one it replaced (`before`, null when
 * the write created it): the same fields the write set, so the message costs one command.
 */
function contactAfter(before: Contact | null, key: string, event: InboundEvent, now: Date, set: Record<string, unknown>, today: string | undefined): Contact {
  const base: Record<string, unknown> = before
    ? { ...before }
    : { ...structuredClone(schemaDefaults()), _id: key, key, channel: event.channel, userId: event.userId, firstSeenAt: now };
  const after: Record<string, unknown> = { ...base, ...set, updatedAt: now };
  if (today) {
    after.inboundCount = ((before?.inboundCount as number | undefined) ?? 0) + 1;
    after.lineCount = ((before?.lineCount as number | undefined) ?? 0) + 1;
    const days = (before?.activeDays as string[] | undefined) ?? [];
    after.activeDays = days.includes(today) ? days : [...days, today];
  }
  return after as unknown as Contact;
}

/**
 * Records an inbound event against the person's contact, with one write: creates the contact
 * on first contact, keeps the platform display name, follow state and the time of the last
 * interaction (which the channel windows are counted from), and numbers the message's line
 * in the transcript. Returns the contact after the update and that line, which the caller
 * writes (`appendTranscriptLines`). The write returns the contact it replaced, which tells a
 * person's first message of the day and a change of follow state: only then are the reports'
 * tallies written (services/contact-tallies.ts).
 */
export async function recordInbound(event: InboundEvent, now: Date, timeZone: string): Promise<RecordedInbound> {
  const key = contactKeyOf(event.channel, event.userId);
  const set: Record<string, unknown> = {};
  if (isInteraction(event)) set.lastInboundAt = new Date(Math.min(event.timestamp || now.getTime(), now.getTime()));
  if (event.displayName) set.displayName = event.displayName.slice(0, 200);
  if (event.type === 'follow') set.followState = 'following';
  if (event.type === 'unfollow') set.followState = 'unfollowed';
  const isMessage = event.type === 'message' || event.type === 'postback';
  const today = isMessage ? localDateOf(now, timeZone) : undefined;
  const before = await ContactModel.findOneAndUpdate(
    { _id: key },
    {
      $setOnInsert: { key, channel: event.channel, userId: event.userId, firstSeenAt: now },
      $set: set,
      ...(today ? { $inc: { inboundCount: 1, lineCount: 1 }, $addToSet: { activeDays: today } } : {}),
    },
    { upsert: true, returnDocument: 'before', lean: true },
  );
  const contact = contactAfter(before, key, event, now, set, today);
  if (set.followState && set.followState !== before?.followState) await recordSubscriberChange(before, contact);
  if (today && !(before?.activeDays ?? []).includes(today)) await recordFirstMessageOfDay(today, previousDay(before?.activeDays, today));
  if (!isMessage) return { contact };
  const line: TranscriptLineInput = {
    direction: 'in',
    author: 'person',
    text: event.text ?? event.payload ?? '',
    attachments: (event.attachments ?? []).map((a) => ({ type: a.type, url: a.url, name: a.name })),
    at: now,
  };
  // A line for someone without a count (not expected) is still kept, under a number no count reaches.
  return { contact, line: { n: contact.lineCount ?? -Date.now(), line } };
}

export async function setContactLanguage(key: string, language: Language): Promise<void> {
  await ContactModel.updateOne({ _id: String(key) }, { $set: { language } });
}
