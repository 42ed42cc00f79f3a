import { deleteConversationState } from '../services/conversation-state.js';
import { BroadcastDeliveryModel } from '../db/models/broadcast-delivery.js';
import { ContactModel } from '../db/models/contact.js';
import { DeadlineDigestModel } from '../db/models/deadline-digest.js';
import { EventRegistrationModel } from '../db/models/event-registration.js';
import { InboxEventModel } from '../db/models/inbox-event.js';
import { InboxRecordModel } from '../db/models/inbox-record.js';
import { JobRunModel } from '../db/models/job-run.js';
import { deleteSettledRecordsBefore } from '../outbox/records.js';
import { TicketModel } from '../db/models/ticket.js';
import { TranscriptMessageModel } from '../db/models/transcript-message.js';
import { WebChatMessageModel } from '../db/models/webchat-message.js';
import { writeAudit } from '../services/audit.js';
import { anonymiseTicketsForContact, recordTicketState, toTicketRecord, type TicketContext, type TicketDoc } from '../services/tickets/index.js';
import type { JobDefinition } from './types.js';

/** What one retention run removed. */
export interface RetentionReport {
  cutoff: Date;
  contactsErased: number;
  ticketsAnonymised: number;
  transcriptLinesDeleted: number;
  webChatLinesDeleted: number;
  outboxMessagesDeleted: number;
  inboxEventsDeleted: number;
  registrationsDeleted: number;
  newsDeliveriesDeleted: number;
  digestsDeleted: number;
  jobRunsDeleted: number;
}

/** `now` moved back by whole calendar months (the day clamped to the shorter month). */
export function monthsBefore(now: Date, months: number): Date {
  const d = new Date(now.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - months);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, lastDay));
  return d;
}

/**
 * Erases what is older than the retention period (`RETENTION_MONTHS`):
 * - people silent since before the cutoff lose profile, display name, event registrations
 *   and dialog state, and their tickets are anonymised; their consent ledger and
 *   subscriptions stay (the proof of what they agreed to, and their own choice);
 * - answered or closed tickets resolved before the cutoff are anonymised (figures stay for the reports);
 * - transcript and web chat lines, settled outbox messages, processed inbox events,
 *   registrations, news deliveries, digests and job records from before the cutoff are deleted;
 * - records of handled inbound events (with the text people wrote) are deleted after
 *   `inboxKeepDays` (default 14): they are kept only to recognise redeliveries.
 * Open tickets and messages still waiting to be sent are never touched. Idempotent; each
 * erased contact and anonymised ticket is audited as done by `system`.
 */
export async function applyRetention(tickets: TicketContext, now: Date, months: number, signal?: AbortSignal, inboxKeepDays = 14): Promise<RetentionReport> {
  const cutoff = monthsBefore(now, months);
  const report: RetentionReport = {
    cutoff,
    contactsErased: 0,
    ticketsAnonymised: 0,
    transcriptLinesDeleted: 0,
    webChatLinesDeleted: 0,
    outboxMessagesDeleted: 0,
    inboxEventsDeleted: 0,
    registrationsDeleted: 0,
    newsDeliveriesDeleted: 0,
    digestsDeleted: 0,
    jobRunsDeleted: 0,
  };

  const silent = ContactModel.find(
    {
      erasedAt: { $exists: false },
      $or: [{ lastInboundAt: { $lt: cutoff } }, { lastInboundAt: { $exists: false }, firstSeenAt: { $lt: cutoff } }],
    },
    { key: 1 },
  )
    .lean()
    .cursor({ batchSize: 500 });
  for await (const contact of silent) {
    if (signal?.aborted) break;
    const key = contact.key;
    const { count } = await anonymiseTicketsForContact(tickets, key, { actor: 'system', now });
    report.ticketsAnonymised += count;
    report.registrationsDeleted += (await EventRegistrationModel.deleteMany({ contactKey: key })).deletedCount;
    await deleteConversationState(key);
    await ContactModel.updateOne({ _id: key }, { $unset: { profile: 1, displayName: 1, lastChoices: 1 }, $set: { erasedAt: now, inboundCount: 0 } });
    await writeAudit(
      {
        actor: 'system',
        action: 'contact.retention_erase',
        targetType: 'contact',
        targetId: key,
        details: { cutoff: cutoff.toISOString(), ticketsAnonymised: count },
      },
      now,
    );
    report.contactsErased += 1;
  }

  const oldTickets = TicketModel.find(
    { anonymisedAt: { $exists: false }, status: { $in: ['answered', 'closed'] }, resolvedAt: { $lt: cutoff } },
    { _id: 1, code: 1 },
  )
    .lean()
    .cursor({ batchSize: 500 });
  for await (const ticket of oldTickets) {
    if (signal?.aborted) break;
    // The same fields as anonymiseTicketsForContact, for one ticket of a person still in touch.
    const doc = await TicketModel.findOneAndUpdate(
      { _id: ticket._id, anonymisedAt: { $exists: false } },
      {
        $unset: { contact: 1, contactKey: 1, 'rating.comment': 1 },
        $set: { attachments: [], anonymisedAt: now, updatedAt: now },
        $push: { history: { at: now, actor: 'system', action: 'anonymised' } },
      },
      { returnDocument: 'after', timestamps: false },
    ).lean<TicketDoc>();
    if (!doc) continue;
    // The reports' copy of the ticket loses the contact key too.
    await recordTicketState(toTicketRecord(doc), tickets.calendar.timezone);
    report.ticketsAnonymised += 1;
    await writeAudit(
      {
        actor: 'system',
        action: 'ticket.anonymise',
        targetType: 'ticket',
        targetId: ticket._id.toString(),
        details: { code: ticket.code, reason: 'retention' },
      },
      now,
    );
  }
  if (signal?.aborted) return report;

  report.transcriptLinesDeleted = (await TranscriptMessageModel.deleteMany({ at: { $lt: cutoff } })).deletedCount;
  report.webChatLinesDeleted = (await WebChatMessageModel.deleteMany({ at: { $lt: cutoff } })).deletedCount;
  report.outboxMessagesDeleted = await deleteSettledRecordsBefore(cutoff);
  // Records of handled inbound events are only kept to recognise redeliveries (the platforms
  // retry for up to a few days), so they go after `inboxKeepDays` rather than the full period.
  const inboxCutoff = new Date(Math.max(cutoff.getTime(), now.getTime() - inboxKeepDays * 86_400_000));
  report.inboxEventsDeleted =
    (await InboxRecordModel.deleteMany({ receivedAt: { $lt: inboxCutoff }, status: 'done' })).deletedCount +
    (await InboxRecordModel.deleteMany({ receivedAt: { $lt: cutoff }, status: 'dead' })).deletedCount;
  await InboxEventModel.deleteMany({ receivedAt: { $lt: cutoff }, status: 'dead' });
  report.registrationsDeleted += (await EventRegistrationModel.deleteMany({ registeredAt: { $lt: cutoff } })).deletedCount;
  report.newsDeliveriesDeleted = (await BroadcastDeliveryModel.deleteMany({ plannedAt: { $lt: cutoff } })).deletedCount;
  report.digestsDeleted = (await DeadlineDigestModel.deleteMany({ generatedAt: { $lt: cutoff } })).deletedCount;
  report.jobRunsDeleted = (await JobRunModel.deleteMany({ startedAt: { $lt: cutoff }, outcome: { $ne: 'running' } })).deletedCount;
  return report;
}

/** Retention as a scheduled job; the run's counts say what it removed. */
export function retentionJob(tickets: TicketContext, cron: string, months: number, inboxKeepDays = 14): JobDefinition {
  return {
    name: 'retention',
    cron,
    leaseMs: 15 * 60_000,
    async run({ now, signal }) {
      const { cutoff, ...counts } = await applyRetention(tickets, now, months, signal, inboxKeepDays);
      const removed = Object.values(counts).reduce((a, b) => a + b, 0);
      return { counts, summary: `Xóa/ẩn danh dữ liệu trước ${cutoff.toISOString().slice(0, 10)}: ${removed} mục` };
    },
  };
}
