import { ContactModel } from '../../db/models/contact.js';
import { contactKeyOf, type Language } from '../../domain/vocabulary.js';

/** The language the bot speaks with this visitor, or `undefined` before their first contact. */
export async function readVisitorLanguage(visitorId: string): Promise<Language | undefined> {
  const contact = await ContactModel.findOne({ _id: contactKeyOf('webchat', String(visitorId)) }, { language: 1 }).lean<{ language?: Language }>();
  return contact?.language ?? undefined;
}

/**
 * Sets the language the bot speaks with this visitor (the page's language switch). Creates
 * the visitor's contact when they have not written yet, with the same fields the first
 * message would give it, so the bot answers the first message in the chosen language.
 */
export async function setVisitorLanguage(visitorId: string, language: Language, now = new Date()): Promise<void> {
  const key = contactKeyOf('webchat', String(visitorId));
  await ContactModel.updateOne(
    { _id: key },
    { $setOnInsert: { key, channel: 'webchat', userId: String(visitorId), firstSeenAt: now }, $set: { language } },
    { upsert: true },
  );
}
