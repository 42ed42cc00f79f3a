import { AuditEntryModel } from '../db/models/audit-entry.js';
import type { StaffRole } from '../db/models/staff.js';

/** A signed-in member of staff, as the console passes it to every service call. */
export interface StaffActor {
  username: string;
  displayName: string;
  role: StaffRole;
  /** The department a lead or officer belongs to; admins may have none. */
  departmentCode?: string;
}

/** Who did it: a member of staff, or a non-staff origin such as `person`, `bot` or `system`. */
export type AuditActor = StaffActor | 'person' | 'bot' | 'system';

export interface AuditInput {
  actor: AuditActor;
  /** Dotted verb, e.g. `ticket.answer`, `ticket.reassign`, `ticket.view`. */
  action: string;
  targetType: string;
  targetId: string;
  /** What changed; never passwords or tokens. */
  details?: Record<string, unknown>;
}

/** The plain record of one audit entry. */
export interface AuditRecord {
  at: Date;
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  details?: Record<string, unknown>;
}

function actorName(actor: AuditActor): string {
  return typeof actor === 'string' ? actor : actor.username;
}

/**
 * Appends one entry to the audit log (who, when, what, to what). Resolves once it is stored;
 * a failure rejects, so a caller never reports an action as done without its audit line.
 * A staff actor's role and department are kept in the details for later review.
 */
export async function writeAudit(input: AuditInput, now = new Date()): Promise<AuditRecord> {
  const details: Record<string, unknown> = { ...(input.details ?? {}) };
  if (typeof input.actor !== 'string') {
    details.actorRole = input.actor.role;
    if (input.actor.departmentCode) details.actorDepartment = input.actor.departmentCode;
  }
  const record: AuditRecord = {
    at: now,
    actor: actorName(input.actor),
    action: input.action,
    targetType: input.targetType,
    targetId: input.targetId,
    details,
  };
  await AuditEntryModel.create(record);
  return record;
}

/** The audit trail of one target, oldest first. */
export async function listAuditFor(targetType: string, targetId: string): Promise<AuditRecord[]> {
  const rows = await AuditEntryModel.find({ targetType: String(targetType), targetId: String(targetId) })
    .sort({ at: 1, _id: 1 })
    .lean();
  return rows.map((r) => ({
    at: r.at,
    actor: r.actor,
    action: r.action,
    targetType: r.targetType,
    targetId: r.targetId,
    details: (r.details ?? undefined) as Record<string, unknown> | undefined,
  }));
}
