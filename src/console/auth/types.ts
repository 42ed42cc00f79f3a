import type { StaffRole } from '../../db/models/staff.js';

/**
 * The signed-in member of staff, as {@link requireStaff} puts it on `req.staff`. Read fresh
 * from the database on every request, so a role, department or deactivation set by an admin
 * applies at once. It is also a valid `StaffActor` for the ticket services.
 */
export interface ConsoleStaff {
  /** The staff document's id (24 hex characters). */
  id: string;
  username: string;
  displayName: string;
  role: StaffRole;
  /** Set for leads and officers; an admin may have none. */
  departmentCode?: string;
}

/** The console session behind a request: its id (hashed) and its CSRF token. */
interface ConsoleSessionInfo {
  id: string;
  csrfToken: string;
  expiresAt: Date;
}

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by `requireStaff()`: who is signed in. Absent on routes without it. */
    staff?: ConsoleStaff;
    /** Set by `requireStaff()`: the session, for its CSRF token. */
    consoleSession?: ConsoleSessionInfo;
  }
}
