import type { StaffRole } from '../../db/models/staff.js';
import type { TicketKind } from '../../db/models/ticket.js';

/** What the console's live stream tells staff. */
export type LiveEvent =
  | { type: 'ticket.new'; ticketId: string; code: string; departmentCode: string; kind: TicketKind; excerpt: string }
  | { type: 'ticket.reply'; ticketId: string; code: string; departmentCode: string; excerpt: string; at: string }
  | {
      type: 'takeover.message';
      contactKey: string;
      ticketId?: string;
      departmentCode?: string;
      staffUsername: string;
      author: 'person' | 'staff';
      text: string;
      at: string;
    }
  | { type: 'takeover.ended'; contactKey: string; ticketId?: string; departmentCode?: string; staffUsername: string; reason: 'staff' | 'idle' };

/** The part of a member of staff that decides what they may see. */
export interface LiveViewer {
  username: string;
  role: StaffRole;
  departmentCode?: string;
}

/**
 * True when `viewer` may receive `event`: admins see everything; leads and officers see
 * events of their department, and takeover events addressed to them.
 */
export function isVisibleTo(event: LiveEvent, viewer: LiveViewer): boolean {
  if (viewer.role === 'admin') return true;
  if (event.type === 'takeover.message' || event.type === 'takeover.ended') {
    if (event.staffUsername === viewer.username) return true;
  }
  return event.departmentCode !== undefined && event.departmentCode === viewer.departmentCode;
}

/** Shortens text for a notification. */
export function excerptOf(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
