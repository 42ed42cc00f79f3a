import { TOPIC_IDS, type TopicId } from '../content/types.js';
import { ContactModel } from '../db/models/contact.js';
import { InputError, NotFoundError } from '../errors.js';

/** True for a topic a person can subscribe to. */
export function isSubscribableTopic(value: unknown): value is TopicId {
  return typeof value === 'string' && (TOPIC_IDS as readonly string[]).includes(value);
}

function requireTopic(topic: unknown): TopicId {
  if (!isSubscribableTopic(topic)) throw new InputError(`topic must be one of: ${TOPIC_IDS.join(', ')}`);
  return topic;
}

async function subscriptionsAfter(contactKey: string, update: Record<string, unknown>): Promise<TopicId[]> {
  const contact = await ContactModel.findOneAndUpdate({ _id: String(contactKey) }, update, { returnDocument: 'after', lean: true });
  if (!contact) throw new NotFoundError('Contact');
  return (contact.subscriptions ?? []).filter(isSubscribableTopic);
}

/**
 * Adds a topic to the person's news subscriptions. Idempotent: subscribing twice keeps one
 * entry. Returns the topics subscribed afterwards, in the order they were added.
 */
export async function subscribe(contactKey: string, topic: string): Promise<TopicId[]> {
  return subscriptionsAfter(contactKey, { $addToSet: { subscriptions: requireTopic(topic) } });
}

/** Removes a topic from the person's subscriptions (idempotent). Returns the topics left. */
export async function unsubscribe(contactKey: string, topic: string): Promise<TopicId[]> {
  return subscriptionsAfter(contactKey, { $pull: { subscriptions: requireTopic(topic) } });
}

/** Removes every subscription of the person. */
export async function unsubscribeAll(contactKey: string): Promise<void> {
  await ContactModel.updateOne({ _id: String(contactKey) }, { $set: { subscriptions: [] } });
}

/** The topics the person receives news about. */
export async function listSubscriptions(contactKey: string): Promise<TopicId[]> {
  const contact = await ContactModel.findOne({ _id: String(contactKey) }, { subscriptions: 1 }).lean();
  return (contact?.subscriptions ?? []).filter(isSubscribableTopic);
}

/** Keys of the contacts subscribed to `topic` who still follow the channel (for news broadcasts). */
export async function listSubscribers(topic: string): Promise<string[]> {
  const contacts = await ContactModel.find({ subscriptions: requireTopic(topic), followState: { $ne: 'unfollowed' } }, { key: 1 }).lean();
  return contacts.map((c) => c.key);
}
