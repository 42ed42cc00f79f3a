import type { Contact } from '../db/models/contact.js';
import { addToTally, readTally, type TallyCounts } from '../db/tally.js';
import { CHANNELS } from '../domain/vocabulary.js';
import { addDays, daysBetween, monthsCovering } from './zoned-time.js';

/*
 * The figures the reports take from the contacts, kept as people write, subscribe and
 * unsubscribe, so that a report reads a few tallies by `_id` instead of every contact
 * (docs/database.md, "Reports: subscribers and the people who wrote"):
 *
 * - `subscribers`: `channel:<channel>` → people subscribed to at least one topic, and
 *   `topic:<topic>` → subscriptions to the topic, counting the people who still follow the
 *   channel (those a news item goes to, as `listSubscribers` finds them).
 * - `wrote:<YYYY-MM>`: one count for each day a person wrote for the first time that day,
 *   keyed `<DD>:<gap>` by the day of the month and the days since the person last wrote before
 *   it (`<DD>:` when never). The people who wrote in a period are then counted once each: a
 *   person wrote in the period exactly when one of their days in it follows a gap reaching
 *   back before its first day.
 */
export const SUBSCRIBER_TALLY = 'subscribers';

/** The name of the tally of the people who wrote in `month` (`YYYY-MM`). */
export function wroteTallyName(month: string): string {
  return `wrote:${month}`;
}

/** The part of a contact the subscriber counts depend on. */
export type SubscriberState = Pick<Contact, 'channel' | 'subscriptions' | 'followState'>;

/** The keys of the subscriber tally a contact counts in (none when it subscribes to nothing or unfollowed). */
export function subscriberKeys(contact: SubscriberState | null | undefined): string[] {
  const topics = contact?.subscriptions ?? [];
  if (!contact || topics.length === 0 || contact.followState === 'unfollowed') return [];
  return [`channel:${contact.channel}`, ...topics.map((topic) => `topic:${topic}`)];
}

/**
 * Moves the subscriber counts from what the contact counted for before a write to what it
 * counts for after it (nothing is written when the two are the same). Called by every write
 * of a contact's subscriptions or follow state, with the contact the write replaced.
 */
export async function recordSubscriberChange(before: SubscriberState | null | undefined, after: SubscriberState | null | undefined): Promise<void> {
  const deltas: Record<string, number> = {};
  for (const key of subscriberKeys(before)) deltas[key] = (deltas[key] ?? 0) - 1;
  for (const key of subscriberKeys(after)) deltas[key] = (deltas[key] ?? 0) + 1;
  await addToTally(SUBSCRIBER_TALLY, deltas);
}

/** The current subscribers: people subscribed to a topic who still follow the channel. */
export interface SubscriberCounts {
  /** People subscribed to at least one topic. */
  total: number;
  /** Topic → people subscribed to it. */
  byTopic: Map<string, number>;
  /** Channel → people subscribed to at least one topic. */
  byChannel: Map<string, number>;
}

/** The subscriber counts as they stand now, from one tally. */
export async function subscriberCounts(): Promise<SubscriberCounts> {
  const counts = await readTally(SUBSCRIBER_TALLY);
  const byTopic = new Map<string, number>();
  const byChannel = new Map<string, number>();
  for (const [key, n] of counts) {
    if (n <= 0) continue;
    if (key.startsWith('topic:')) byTopic.set(key.slice('topic:'.length), n);
    else if (key.startsWith('channel:') && (CHANNELS as readonly string[]).includes(key.slice('channel:'.length)))
      byChannel.set(key.slice('channel:'.length), n);
  }
  return { total: [...byChannel.values()].reduce((a, b) => a + b, 0), byTopic, byChannel };
}

/** The key of a person's first message on `day`, the last day they wrote before it being `previous`. */
function dayKey(day: string, previous: string | undefined): string {
  return `${day.slice(8, 10)}:${previous ? daysBetween(previous, day) : ''}`;
}

/** The latest of `days` before `day`, if any. */
export function previousDay(days: readonly string[] | null | undefined, day: string): string | undefined {
  let latest: string | undefined;
  for (const d of days ?? []) if (d < day && (!latest || d > latest)) latest = d;
  return latest;
}

/**
 * The `wrote:<month>` counts of people who wrote on the local days `days` (each person's days,
 * any order): one per day, keyed by the gap since the day before it. For the migration, which
 * counts them from the contacts.
 */
export function wroteCounts(days: readonly string[], into: Map<string, TallyCounts>): void {
  const sorted = [...new Set(days)].sort();
  sorted.forEach((day, i) => {
    const month = day.slice(0, 7);
    const counts = into.get(month) ?? new Map<string, number>();
    const key = dayKey(day, sorted[i - 1]);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    into.set(month, counts);
  });
}

/**
 * Counts a person's first message of local day `day`, `previous` being the last day they wrote
 * before (from the contact the message's write replaced). One insert; called only on the first
 * message of a person's day.
 */
export async function recordFirstMessageOfDay(day: string, previous: string | undefined): Promise<void> {
  await addToTally(wroteTallyName(day.slice(0, 7)), { [dayKey(day, previous)]: 1 });
}

/**
 * How many people wrote from local day `from` to `to` (both included), each counted once
 * however many days they wrote: the tallies of the months the period covers.
 */
export async function peopleWhoWroteBetween(from: string, to: string): Promise<number> {
  const months = monthsCovering(from, to);
  const tallies = await Promise.all(months.map((month) => readTally(wroteTallyName(month))));
  let people = 0;
  months.forEach((month, i) => {
    for (const [key, n] of tallies[i]!) {
      const [dd, gap] = key.split(':');
      const day = `${month}-${dd}`;
      if (day < from || day > to) continue;
      // The first day of this person in the period: they had not written since before its start.
      if (!gap || addDays(day, -Number(gap)) < from) people += n;
    }
  });
  return people;
}
