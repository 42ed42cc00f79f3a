// The vocabulary every layer shares: the channels, the languages and the key of a person on a
// channel. It imports nothing, so the database models, channels, services and flows can all use it.
/** Channels a person can reach the department on. `terminal` is the content editors' local chat. */
export const CHANNELS = ['zalo', 'messenger', 'webchat', 'terminal'] as const;
export type Channel = (typeof CHANNELS)[number];

/** The languages the bot speaks; Vietnamese first. */
export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** One key per person per channel, used everywhere a person is referenced: `zalo:2468…`. */
export function contactKeyOf(channel: Channel, userId: string): string {
  return `${channel}:${userId}`;
}

/** The channel and platform user id of a contact key (see {@link contactKeyOf}). */
export function parseContactKey(key: string): { channel: Channel; userId: string } {
  const i = key.indexOf(':');
  return { channel: key.slice(0, i) as Channel, userId: key.slice(i + 1) };
}
