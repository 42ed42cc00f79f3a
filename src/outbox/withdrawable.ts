/**
 * How long a started send keeps its message safe from withdrawal: longer than a platform
 * call plus the retries of recording it, so a message the platform may already have taken is
 * never marked withdrawn (it is recorded `sent` once the call returns).
 */
export const SEND_IN_FLIGHT_MS = 2 * 60_000;

/** Filter for outbox messages still waiting that no send is under way for: these may be withdrawn. */
export function withdrawableFilter(now: Date): Record<string, unknown> {
  return {
    status: 'pending',
    $or: [{ sendingSince: null }, { sendingSince: { $lt: new Date(now.getTime() - SEND_IN_FLIGHT_MS) } }],
  };
}
