import { createHash, randomBytes } from 'node:crypto';
import { StaffSessionModel } from '../../db/models/staff-session.js';

/** How often `lastSeenAt` is refreshed at most (it is informational; fewer writes). */
const SEEN_REFRESH_MS = 60_000;

/** The stored id of a session: SHA-256 of the cookie value, hex. */
export function sessionIdOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A random token of 32 bytes, base64url. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

export interface NewSession {
  /** The cookie value (never stored). */
  token: string;
  id: string;
  csrfToken: string;
  expiresAt: Date;
}

/** Opens a session for a member of staff, valid for `hours`. */
export async function createSession(staffId: string, hours: number, meta: { ip?: string; userAgent?: string }, now = new Date()): Promise<NewSession> {
  const token = randomToken();
  const id = sessionIdOf(token);
  const csrfToken = randomToken();
  const expiresAt = new Date(now.getTime() + hours * 3_600_000);
  await StaffSessionModel.create({
    _id: id,
    staffId,
    csrfToken,
    createdAt: now,
    expiresAt,
    lastSeenAt: now,
    ip: meta.ip?.slice(0, 100),
    userAgent: meta.userAgent?.slice(0, 300),
  });
  return { token, id, csrfToken, expiresAt };
}

export interface LoadedSession {
  id: string;
  staffId: string;
  csrfToken: string;
  createdAt: Date;
  expiresAt: Date;
}

/** The live session behind a cookie value, or undefined (unknown, malformed or expired). */
export async function loadSession(token: string | undefined, now = new Date()): Promise<LoadedSession | undefined> {
  if (typeof token !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  const id = sessionIdOf(token);
  const doc = await StaffSessionModel.findById(id).lean();
  if (!doc) return undefined;
  if (doc.expiresAt.getTime() <= now.getTime()) {
    await StaffSessionModel.deleteOne({ _id: id });
    return undefined;
  }
  if (now.getTime() - doc.lastSeenAt.getTime() > SEEN_REFRESH_MS) {
    await StaffSessionModel.updateOne({ _id: id }, { $set: { lastSeenAt: now } });
  }
  return { id, staffId: doc.staffId, csrfToken: doc.csrfToken, createdAt: doc.createdAt, expiresAt: doc.expiresAt };
}

/**
 * The member of staff whose session `id` (the stored id, not the cookie) is still open, or
 * undefined when it was signed out, ended by a password change or deactivation, or expired.
 * For open live streams, which re-check their session without a request.
 */
export async function openSessionStaffId(id: string, now = new Date()): Promise<string | undefined> {
  const doc = await StaffSessionModel.findById(String(id), { staffId: 1, expiresAt: 1 }).lean();
  if (!doc || doc.expiresAt.getTime() <= now.getTime()) return undefined;
  return doc.staffId;
}

/** Ends one session (sign-out). */
export async function destroySession(id: string): Promise<void> {
  await StaffSessionModel.deleteOne({ _id: String(id) });
}

/** Ends every session of a member of staff except `keepId` (after a password change or deactivation). */
export async function destroySessionsOf(staffId: string, keepId?: string): Promise<number> {
  const filter: Record<string, unknown> = { staffId: String(staffId) };
  if (keepId) filter._id = { $ne: String(keepId) };
  const result = await StaffSessionModel.deleteMany(filter);
  return result.deletedCount;
}

/** Removes expired sessions; returns how many. */
export async function sweepExpiredSessions(now = new Date()): Promise<number> {
  const result = await StaffSessionModel.deleteMany({ expiresAt: { $lte: now } });
  return result.deletedCount;
}
