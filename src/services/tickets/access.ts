import { ForbiddenError, InputError } from '../../errors.js';
import { STAFF_ROLES, type StaffRole } from '../../db/models/staff.js';
import type { StaffActor } from '../audit.js';

/**
 * Checks the shape of a staff actor before it is trusted (a session could be stale or
 * hand-made): a username, a known role, and a department for leads and officers.
 */
export function assertStaffActor(actor: unknown): asserts actor is StaffActor {
  if (typeof actor !== 'object' || actor === null) throw new ForbiddenError('Sign in to do this');
  const { username, displayName, role, departmentCode } = actor as Record<string, unknown>;
  if (typeof username !== 'string' || username.length === 0) throw new ForbiddenError('Sign in to do this');
  if (typeof displayName !== 'string') throw new InputError('actor.displayName must be text');
  if (!STAFF_ROLES.includes(role as StaffRole)) throw new ForbiddenError(`Unknown staff role "${String(role)}"`);
  if (departmentCode !== undefined && typeof departmentCode !== 'string') throw new InputError('actor.departmentCode must be text');
}

/**
 * Allows an admin to see and change every ticket, and a lead or officer only the tickets of
 * their own department. Throws a {@link ForbiddenError} otherwise, without saying whether the
 * ticket exists. The console calls it on every read and write of a ticket.
 */
export function assertCanAccessTicket(actor: StaffActor, ticket: { departmentCode: string }): void {
  assertStaffActor(actor);
  if (actor.role === 'admin') return;
  if (actor.role === 'editor') throw new ForbiddenError('Content editors do not open tickets');
  if (!actor.departmentCode) throw new ForbiddenError(`${actor.username} belongs to no department and cannot open tickets`);
  if (actor.departmentCode !== ticket.departmentCode) {
    throw new ForbiddenError('This ticket belongs to another department');
  }
}
