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
export const TRANSCRIPT_LIMIT = 300;

/** The person's conversation, oldest first (the newest {@link TRANSCRIPT_LIMIT} lines). */
export async function transcriptOf(contactKey: string | undefined, limit = TRANSCRIPT_LIMIT): Promise<TranscriptLine[]> {
  if (!contactKey) return [];
  const rows = await readTranscript(String(contactKey), limit);
  return rows.map((r) => ({
    direction: r.direction as 'in' | 'out',
    author: r.author as 'person' | 'bot' | 'staff',
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
  const docs = await StaffModel.find({ username: { $in: [...usernames].filter((u) => !['person', 'bot', 'system'].includes(u)) } }, { username: 1, displayName: 1 }).lean();
  return new Map(docs.map((d) => [d.username, d.displayName]));
}
