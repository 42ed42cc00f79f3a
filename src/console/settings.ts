import type { ThrottlePolicy } from './auth/throttle.js';
import { ACCOUNT_SLOWDOWN, ACCOUNT_THROTTLE, IP_THROTTLE, type AccountSlowdown } from './auth/throttle.js';

/** Tunables of the console that are not operator configuration (tests shorten them). */
export interface ConsoleSettings {
  /** Sign-in attempts per client address per minute (HTTP 429 past it). */
  signInPerMinute: number;
  /** Lockout after repeated wrong passwords, per account name at one address and per address. */
  accountThrottle: ThrottlePolicy;
  addressThrottle: ThrottlePolicy;
  /** Slowdown (never a lockout) of an account tried from many addresses. */
  accountSlowdown: AccountSlowdown;
  /** How often each instance reads new live events from MongoDB. */
  livePollMs: number;
  heartbeatMs: number;
  maxStreamMs: number;
  maxStreamsPerStaff: number;
  /** Live streams one client network (IPv4 address, IPv6 /64) may hold in this process. */
  maxStreamsPerNetwork: number;
  /** Live streams this process holds at most. */
  maxStreams: number;
  /** How often open live streams check their session and the staff member's rights. */
  streamSessionCheckMs: number;
  /** How often idle takeovers are looked for. */
  takeoverSweepMs: number;
  /** How often the effective holiday calendar is reloaded (edits made on another instance). */
  calendarRefreshMs: number;
  /** Directory of the content files (topics, calendar). */
  contentDir: string;
}

export const DEFAULT_CONSOLE_SETTINGS: ConsoleSettings = {
  signInPerMinute: 10,
  accountThrottle: ACCOUNT_THROTTLE,
  addressThrottle: IP_THROTTLE,
  accountSlowdown: ACCOUNT_SLOWDOWN,
  livePollMs: 2_000,
  heartbeatMs: 25_000,
  maxStreamMs: 30 * 60_000,
  maxStreamsPerStaff: 8,
  maxStreamsPerNetwork: 50,
  maxStreams: 500,
  streamSessionCheckMs: 5_000,
  takeoverSweepMs: 60_000,
  calendarRefreshMs: 60_000,
  contentDir: 'content',
};
