import { StaffModel } from '../../db/models/staff.js';
import { readTranscript } from '../../services/transcript.js';
import { assertCanAccessTicket, loadTicket, type TicketRecord } from '../../services/tickets/index.js';
import type { ConsoleStaff } from '../auth/types.js';
import { hideTicketAccess } from './respond.js';
import type { TranscriptLine } from '../views/ticket-page.js';

/**
 * Loads a ticket the viewer may open (no audit line: for actions that audit themselves).
 * Another department's ticket reads as not found, like one that does not exist.
 */
export async function accessibleTicket(id: string, staff: ConsoleStaff): Promise<TicketRecord> {
  try {
    const ticket = await loadTicket(id);
    assertCanAccessTicket(staff, ticket);
    return ticket;
  } catch (err) {
    throw hideTicketAccess(err);
  }
}

/** Most transcript lines a page shows (the newest ones). */
const TRANSCRIPT_LIMIT = 300;

/** How long before a ticket was filed its page shows the conversation (what led to the question). */
const TRANSCRIPT_LEAD_IN_MS = 2 * 3_600_000;

/**
 * The part of a person's conversation a member of staff sees on a ticket's pages. Admins see
 * all of it. Leads and officers see what belongs to this ticket: from {@link TRANSCRIPT_LEAD_IN_MS}
 * before it was filed until it was closed (or now, while it is open), without lines marked as
 * another ticket's. The person's other conversations (earlier questions, tickets of other
 * departments after this one closed) stay with those tickets.
 */
function transcriptWindow(ticket: TicketRecord, staff: ConsoleStaff): ((line: { at: Date; ticketId?: string | null }) => boolean) | undefined {
  if (staff.role === 'admin') return undefined;
  const from = ticket.createdAt.getTime() - TRANSCRIPT_LEAD_IN_MS;
  const closedAt = ticket.status === 'closed' ? ticket.history.filter((h) => h.status === 'closed').at(-1)?.at : undefined;
  const until = closedAt ? closedAt.getTime() : Number.POSITIVE_INFINITY;
  return (line) => line.at.getTime() >= from && line.at.getTime() <= until && (!line.ticketId || line.ticketId === ticket.id);
}

/**
 * The person's conversation, oldest first (the newest {@link TRANSCRIPT_LIMIT} lines), limited
 * to what `scope` lets the viewer see ({@link transcriptWindow}).
 */
export async function transcriptOf(
  contactKey: string | undefined,
  limit = TRANSCRIPT_LIMIT,
  scope?: { ticket: TicketRecord; staff: ConsoleStaff },
): Promise<TranscriptLine[]> {
  if (!contactKey) return [];
  const shown = scope ? transcriptWindow(scope.ticket, scope.staff) : undefined;
  const found = await readTranscript(String(contactKey), shown ? limit * 5 : limit);
  const rows = (shown ? found.filter(shown) : found).slice(-limit);
  return rows.map((r) => ({
    direction: r.direction,
    author: r.author,
    staffId: r.staffId ?? undefined,
    text: r.text ?? '',
    attachments: (r.attachments ?? []).map((a) => ({ type: a.type ?? undefined, url: a.url ?? undefined, name: a.name ?? undefined })),
    at: r.at,
  }));
}

/** Display names of the staff named in a ticket's history, notes and transcript. */
export async function staffNamesFor(ticket: TicketRecord, transcript: TranscriptLine[]): Promise<Map<string, string>> {
  const usernames = new Set<string>();
  for (const h of ticket.history) usernames.add(h.actor);
  for (const l of transcript) if (l.staffId) usernames.add(l.staffId);
  if (ticket.answer?.staffId) usernames.add(ticket.answer.staffId);
  const docs = await StaffModel.find(
    { username: { $in: [...usernames].filter((u) => !['person', 'bot', 'system'].includes(u)) } },
    { username: 1, displayName: 1 },
  ).lean();
  return new Map(docs.map((d) => [d.username, d.displayName]));
}
