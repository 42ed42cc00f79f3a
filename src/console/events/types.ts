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
 * Roles (besides admin) that follow people's live events. Content editors do not: the events
 * carry people's questions and messages, which are not theirs to see.
 */
export const LIVE_EVENT_ROLES: readonly StaffRole[] = ['officer', 'lead'];

/** True when a member of staff with `role` gets a live event stream at all. */
export function followsLiveEvents(role: StaffRole): boolean {
  return role === 'admin' || LIVE_EVENT_ROLES.includes(role);
}

/**
 * True when `viewer` may receive `event`: admins see everything; leads and officers see
 * events of their department, and takeover events addressed to them; editors see none.
 */
export function isVisibleTo(event: LiveEvent, viewer: LiveViewer): boolean {
  if (viewer.role === 'admin') return true;
  if (!followsLiveEvents(viewer.role)) return false;
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
