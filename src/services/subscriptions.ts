import { TOPIC_IDS, type TopicId } from '../content/types.js';
import { ContactModel } from '../db/models/contact.js';
import { InputError, NotFoundError } from '../errors.js';
import { recordSubscriberChange } from './contact-tallies.js';

/** True for a topic a person can subscribe to. */
export function isSubscribableTopic(value: unknown): value is TopicId {
  return typeof value === 'string' && (TOPIC_IDS as readonly string[]).includes(value);
}

function requireTopic(topic: unknown): TopicId {
  if (!isSubscribableTopic(topic)) throw new InputError(`topic must be one of: ${TOPIC_IDS.join(', ')}`);
  return topic;
}

/**
 * Writes the person's subscriptions with one command, which returns the contact it replaced:
 * `change` gives the topics after it, and the reports' subscriber counts move accordingly.
 */
async function changeSubscriptions(contactKey: string, update: Record<string, unknown>, change: (topics: string[]) => string[]): Promise<string[]> {
  // FerretDB 1.24 takes no projection on findAndModify: the whole contact comes back.
  const before = await ContactModel.findOneAndUpdate({ _id: String(contactKey) }, update, { returnDocument: 'before', lean: true });
  if (!before) throw new NotFoundError('Contact');
  const subscriptions = change(before.subscriptions ?? []);
  await recordSubscriberChange(before, { ...before, subscriptions });
  return subscriptions;
}

async function subscriptionsAfter(contactKey: string, update: Record<string, unknown>, change: (topics: string[]) => string[]): Promise<TopicId[]> {
  return (await changeSubscriptions(contactKey, update, change)).filter(isSubscribableTopic);
}

/**
 * Adds a topic to the person's news subscriptions. Idempotent: subscribing twice keeps one
 * entry. Returns the topics subscribed afterwards, in the order they were added.
 */
export async function subscribe(contactKey: string, topic: string): Promise<TopicId[]> {
  const added = requireTopic(topic);
  return subscriptionsAfter(contactKey, { $addToSet: { subscriptions: added } }, (topics) => (topics.includes(added) ? topics : [...topics, added]));
}

/** Removes a topic from the person's subscriptions (idempotent). Returns the topics left. */
export async function unsubscribe(contactKey: string, topic: string): Promise<TopicId[]> {
  const removed = requireTopic(topic);
  return subscriptionsAfter(contactKey, { $pull: { subscriptions: removed } }, (topics) => topics.filter((t) => t !== removed));
}

/** Removes every subscription of the person (nothing happens for an unknown person). */
export async function unsubscribeAll(contactKey: string): Promise<void> {
  try {
    await changeSubscriptions(contactKey, { $set: { subscriptions: [] } }, () => []);
  } catch (err) {
    // Ending the subscriptions of someone never recorded has nothing to end.
    if (!(err instanceof NotFoundError)) throw err;
  }
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
