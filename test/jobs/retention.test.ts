import { beforeAll, describe, expect, it } from 'vitest';
import { AuditEntryModel } from '../../src/db/models/audit-entry.js';
import { ContactModel } from '../../src/db/models/contact.js';
import { EventRegistrationModel } from '../../src/db/models/event-registration.js';
import { InboxRecordModel } from '../../src/db/models/inbox-record.js';
import { JobRunModel } from '../../src/db/models/job-run.js';
import { OutboxRecordModel } from '../../src/db/models/outbox-message.js';
import { TicketModel } from '../../src/db/models/ticket.js';
import { TranscriptMessageModel } from '../../src/db/models/transcript-message.js';
import { applyRetention, monthsBefore, retentionJob, type RetentionReport } from '../../src/jobs/retention.js';
import { runJobOnce } from '../../src/jobs/run.js';
import { useTestDatabase } from '../support/database.js';
import { testTickets } from '../support/tickets.js';

useTestDatabase('jobs_retention');

const NOW = new Date('2026-11-28T19:30:00Z');
const OLD = new Date('2024-06-01T03:00:00Z'); // 29 months before: past 24 months
const RECENT = new Date('2026-09-01T03:00:00Z');
const FRESH = new Date('2026-11-25T03:00:00Z'); // 3 days before: inside the 14 days handled inbox events are kept

function ticket(code: string, contactKey: string, createdAt: Date, status: string, resolvedAt?: Date) {
  return {
    code,
    kind: 'question',
    departmentCode: 'tcdlcl',
    status,
    channel: 'zalo',
    contactKey,
    question: 'Câu hỏi',
    language: 'vi',
    contact: { name: 'Nguyễn Văn A', phone: '0912345678' },
    rating: resolvedAt ? { score: 4, comment: 'Cảm ơn anh Minh', at: resolvedAt } : undefined,
    attachments: [{ type: 'image', url: 'https://example.test/cmnd.jpg' }],
    notes: [],
    history: [],
    dueAt: createdAt,
    resolvedAt,
    createdAt,
    updatedAt: createdAt,
  };
}

let report: RetentionReport;

beforeAll(async () => {
  await ContactModel.insertMany([
    // Silent for more than two years: personal data erased.
    {
      key: 'zalo:old',
      channel: 'zalo',
      userId: 'old',
      displayName: 'Nguyễn Văn A',
      firstSeenAt: OLD,
      lastInboundAt: OLD,
      profile: { name: 'Nguyễn Văn A', phone: '0912345678' },
      subscriptions: ['chat-luong'],
      consents: [{ purpose: 'news_subscription', granted: true, textVersion: 'news_subscription/v1/vi', at: OLD }],
    },
    // Still in touch: kept.
    {
      key: 'zalo:active',
      channel: 'zalo',
      userId: 'active',
      displayName: 'Trần Thị B',
      firstSeenAt: OLD,
      lastInboundAt: RECENT,
      profile: { name: 'Trần Thị B', phone: '0987654321' },
    },
  ]);
  await TicketModel.collection.insertMany([
    ticket('KHCN-2024-00001', 'zalo:old', OLD, 'closed', OLD),
    ticket('KHCN-2024-00002', 'zalo:active', OLD, 'answered', OLD), // old and answered: anonymised though the person is active
    ticket('KHCN-2024-00003', 'zalo:active', OLD, 'in_progress'), // old but still open: untouched
    ticket('KHCN-2026-00004', 'zalo:active', RECENT, 'answered', RECENT), // recent: untouched
  ]);
  await TranscriptMessageModel.insertMany([
    { _id: 'zalo:old|1', contactKey: 'zalo:old', direction: 'in', author: 'person', text: 'Số CCCD của tôi là 0123', at: OLD },
    { _id: 'zalo:active|1', contactKey: 'zalo:active', direction: 'in', author: 'person', text: 'cũ', at: OLD },
    { _id: 'zalo:active|2', contactKey: 'zalo:active', direction: 'in', author: 'person', text: 'mới', at: RECENT },
  ]);
  await OutboxRecordModel.collection.insertMany([
    {
      key: 'old-sent',
      contactKey: 'zalo:active',
      channel: 'zalo',
      recipientId: 'active',
      message: { text: 'cũ' },
      purpose: 'reply',
      status: 'sent',
      seq: 1,
      attempts: [],
      nextAttemptAt: OLD,
      createdAt: OLD,
    },
    {
      key: 'old-pending',
      contactKey: 'zalo:active',
      channel: 'zalo',
      recipientId: 'active',
      message: { text: 'chờ' },
      purpose: 'reply',
      status: 'pending',
      seq: 2,
      attempts: [],
      nextAttemptAt: OLD,
      createdAt: OLD,
    },
  ]);
  await InboxRecordModel.collection.insertMany([
    {
      channel: 'zalo',
      eventId: 'e-old',
      contactKey: 'zalo:active',
      event: { text: 'cũ' },
      occurredAt: OLD,
      receivedAt: OLD,
      status: 'done',
      attempts: 1,
      nextAttemptAt: OLD,
    },
    {
      channel: 'zalo',
      eventId: 'e-new',
      contactKey: 'zalo:active',
      event: { text: 'mới' },
      occurredAt: RECENT,
      receivedAt: RECENT,
      status: 'done',
      attempts: 1,
      nextAttemptAt: RECENT,
    },
    {
      channel: 'zalo',
      eventId: 'e-dead',
      contactKey: 'zalo:active',
      event: { text: 'lỗi' },
      occurredAt: RECENT,
      receivedAt: RECENT,
      status: 'dead',
      attempts: 6,
      nextAttemptAt: RECENT,
    },
    {
      channel: 'zalo',
      eventId: 'e-fresh',
      contactKey: 'zalo:active',
      event: { text: 'vừa gửi' },
      occurredAt: FRESH,
      receivedAt: FRESH,
      status: 'done',
      attempts: 1,
      nextAttemptAt: FRESH,
    },
  ]);
  await EventRegistrationModel.collection.insertMany([
    { eventId: 'hoi-thao-2024', contactKey: 'zalo:active', channel: 'zalo', status: 'registered', name: 'Trần Thị B', phone: '0987654321', registeredAt: OLD },
  ]);
  report = await applyRetention(testTickets, NOW, 24);
});

describe('retention', () => {
  it('when the period is 24 months, then the cutoff is the same day 24 months earlier', () => {
    expect(report.cutoff.toISOString()).toBe('2024-11-28T19:30:00.000Z');
    expect(monthsBefore(new Date('2026-03-31T00:00:00Z'), 1).toISOString()).toBe('2026-02-28T00:00:00.000Z');
  });

  it('when a person has been silent past the period, then their profile and display name are erased, their tickets anonymised, and their consents and subscriptions kept', async () => {
    const old = await ContactModel.findOne({ key: 'zalo:old' }).lean();
    expect(old!.profile?.name).toBeUndefined();
    expect(old!.displayName).toBeUndefined();
    expect(old!.erasedAt).toBeInstanceOf(Date);
    expect(old!.subscriptions).toEqual(['chat-luong']);
    expect(old!.consents).toHaveLength(1);
    const t = await TicketModel.findOne({ code: 'KHCN-2024-00001' }).lean();
    expect(t!.contactKey).toBeUndefined();
    expect(t!.contact?.name).toBeUndefined();
    expect(t!.rating?.comment).toBeUndefined();
    expect(t!.rating?.score).toBe(4);
    expect(t!.anonymisedAt).toBeInstanceOf(Date);
  });

  it('when a person still in touch has an old answered ticket, then that ticket is anonymised and their open and recent ones are not', async () => {
    expect((await TicketModel.findOne({ code: 'KHCN-2024-00002' }).lean())!.anonymisedAt).toBeInstanceOf(Date);
    expect((await TicketModel.findOne({ code: 'KHCN-2024-00003' }).lean())!.contact?.name).toBe('Nguyễn Văn A');
    expect((await TicketModel.findOne({ code: 'KHCN-2026-00004' }).lean())!.anonymisedAt).toBeUndefined();
    expect((await ContactModel.findOne({ key: 'zalo:active' }).lean())!.profile?.name).toBe('Trần Thị B');
  });

  it('when old transcripts, settled messages, handled events and registrations exist, then they are deleted and the run reports what it removed', async () => {
    expect(
      await TranscriptMessageModel.find({}, { text: 1 })
        .lean()
        .then((r) => r.map((x) => x.text)),
    ).toEqual(['mới']);
    expect((await OutboxRecordModel.find({}).lean()).map((m) => m.key)).toEqual(['old-pending']);
    // Handled events go after 14 days (they only serve to recognise redeliveries); a parked
    // (dead) one stays for operators until the retention period.
    expect((await InboxRecordModel.find({}).sort({ eventId: 1 }).lean()).map((e) => e.eventId)).toEqual(['e-dead', 'e-fresh']);
    expect(await EventRegistrationModel.countDocuments({})).toBe(0);
    expect(report).toMatchObject({
      contactsErased: 1,
      ticketsAnonymised: 2,
      transcriptLinesDeleted: 2,
      outboxMessagesDeleted: 1,
      inboxEventsDeleted: 2,
      registrationsDeleted: 1,
    });
    expect(await AuditEntryModel.countDocuments({ actor: 'system', action: 'contact.retention_erase' })).toBe(1);
  });

  it('when the retention job runs again, then it removes nothing more and records its counts', async () => {
    const outcome = await runJobOnce(retentionJob(testTickets, '30 2 * * *', 24), { now: () => NOW });
    expect(outcome.status).toBe('ok');
    const run = await JobRunModel.findOne({ job: 'retention' }).lean();
    expect(Object.values(run!.counts as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(0);
  });
});
