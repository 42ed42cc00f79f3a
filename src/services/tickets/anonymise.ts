import { TicketModel } from '../../db/models/ticket.js';
import { forgetPerson, ticketsOfPerson } from './refs.js';
import { log } from '../../log.js';
import { writeAudit, type AuditActor } from '../audit.js';
import type { TicketContext } from './context.js';
import { recordTicketState } from './copies.js';
import { toTicketRecord, type TicketDoc } from './record.js';
import { requireContactKey } from './guards.js';

const privacyLog = log.child({ module: 'tickets.privacy' });

export interface AnonymiseOptions {
  /** Who asked: the person (default), or `system` for the retention job, or a staff member. */
  actor?: AuditActor;
  now?: Date;
}

/**
 * Erases the link between a person and their tickets: the contact snapshot, the contact key,
 * attachments and rating comment are removed and `anonymisedAt` set. Kind, topic, department,
 * channel, dates, status and score stay, so the reports keep their figures. The question and
 * answer texts are kept as the department's record of the case. Idempotent; returns how many
 * tickets were changed. Each change is written to the audit log.
 */
export async function anonymiseTicketsForContact(context: TicketContext, contactKey: string, options: AnonymiseOptions = {}): Promise<{ count: number }> {
  const key = requireContactKey(contactKey);
  const now = options.now ?? context.clock();
  const actor = options.actor ?? 'person';
  const actorName = typeof actor === 'string' ? actor : actor.username;
  const tickets = await ticketsOfPerson(key);
  let count = 0;
  for (const ticket of tickets) {
    const stored = await TicketModel.findById(ticket.id, { contactKey: 1 }).lean();
    if (stored?.contactKey !== key) continue;
    const doc = await TicketModel.findOneAndUpdate(
      { _id: ticket.id },
      {
        $unset: { contact: 1, contactKey: 1, 'rating.comment': 1 },
        $set: { attachments: [], anonymisedAt: now, updatedAt: now },
        $push: { history: { at: now, actor: actorName, action: 'anonymised' } },
      },
      { returnDocument: 'after', timestamps: false },
    ).lean<TicketDoc>();
    if (!doc) continue;
    await recordTicketState(toTicketRecord(doc), context.calendar.timezone);
    count += 1;
    await writeAudit({ actor, action: 'ticket.anonymise', targetType: 'ticket', targetId: ticket.id, details: { code: ticket.code } }, now);
  }
  await forgetPerson(key);
  privacyLog.info({ count }, 'tickets anonymised');
  return { count };
}
