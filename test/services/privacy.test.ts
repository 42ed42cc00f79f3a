import { beforeEach, describe, expect, it } from 'vitest';
import { AuditEntryModel } from '../../src/db/models/audit-entry.js';
import { ContactModel } from '../../src/db/models/contact.js';
import { EventRegistrationModel } from '../../src/db/models/event-registration.js';
import { InboxRecordModel } from '../../src/db/models/inbox-record.js';
import { OutboxRecordModel } from '../../src/db/models/outbox-message.js';
import { TicketModel } from '../../src/db/models/ticket.js';
import { TranscriptMessageModel } from '../../src/db/models/transcript-message.js';
import { appendTranscriptLine } from '../../src/services/transcript.js';
import { WebChatMessageModel } from '../../src/db/models/webchat-message.js';
import {
  ConsentRequiredError,
  currentConsents,
  describePersonalData,
  erasePersonalData,
  hasConsent,
  recordConsent,
  saveProfile,
  withdrawConsent,
} from '../../src/services/privacy.js';
import { createTicket } from '../../src/services/tickets/index.js';
import { clearDatabase, useTestDatabase } from '../support/database.js';
import { testTickets } from '../support/tickets.js';

useTestDatabase('privacy');

const KEY = 'zalo:1234567890';
const at = (iso: string) => new Date(iso);

beforeEach(async () => {
  await clearDatabase();
  await ContactModel.create({ key: KEY, channel: 'zalo', userId: '1234567890', firstSeenAt: at('2026-11-01T00:00:00Z'), displayName: 'Bình Zalo' });
});

describe('consent ledger', () => {
  it('when decisions are recorded, then each is kept with purpose, text version and time, and the latest per purpose counts', async () => {
    await recordConsent(KEY, { purpose: 'ticket_contact', granted: true, textVersion: 'ticket_contact/v1/vi' }, at('2026-11-02T00:00:00Z'));
    await recordConsent(KEY, { purpose: 'news_subscription', granted: true, textVersion: 'news_subscription/v1/vi' }, at('2026-11-03T00:00:00Z'));
    await recordConsent(KEY, { purpose: 'ticket_contact', granted: false, textVersion: 'ticket_contact/v1/vi' }, at('2026-11-04T00:00:00Z'));
    const contact = (await ContactModel.findOne({ key: KEY }).lean())!;
    expect(contact.consents).toHaveLength(3);
    expect(currentConsents(contact.consents)).toEqual([
      { purpose: 'ticket_contact', granted: false, textVersion: 'ticket_contact/v1/vi', at: at('2026-11-04T00:00:00Z') },
      { purpose: 'news_subscription', granted: true, textVersion: 'news_subscription/v1/vi', at: at('2026-11-03T00:00:00Z') },
    ]);
    expect(await hasConsent(KEY, 'ticket_contact')).toBe(false);
    expect(await hasConsent(KEY, 'news_subscription')).toBe(true);
    expect(await AuditEntryModel.countDocuments({ targetId: KEY, action: { $in: ['consent.grant', 'consent.refuse'] } })).toBe(3);
  });

  it('when details are saved without a consent that needs them, then they are refused', async () => {
    await expect(saveProfile(KEY, { name: 'Nguyễn Bình' })).rejects.toBeInstanceOf(ConsentRequiredError);
    await recordConsent(KEY, { purpose: 'news_subscription', granted: true, textVersion: 'v' });
    await expect(saveProfile(KEY, { name: 'Nguyễn Bình' })).rejects.toBeInstanceOf(ConsentRequiredError);
    await recordConsent(KEY, { purpose: 'ticket_contact', granted: true, textVersion: 'v' });
    await saveProfile(KEY, { name: ' Nguyễn Bình ', phone: '0912345678' });
    expect((await ContactModel.findOne({ key: KEY }).lean())!.profile).toMatchObject({ name: 'Nguyễn Bình', phone: '0912345678' });
  });
});

describe('withdrawal', () => {
  it('when the last consent needing the profile is withdrawn, then the profile is erased; while another remains, it stays', async () => {
    await recordConsent(KEY, { purpose: 'ticket_contact', granted: true, textVersion: 'v' });
    await recordConsent(KEY, { purpose: 'event_registration', granted: true, textVersion: 'v' });
    await saveProfile(KEY, { name: 'Nguyễn Bình', phone: '0912345678' });
    await EventRegistrationModel.create({
      eventId: 'e1',
      contactKey: KEY,
      channel: 'zalo',
      status: 'registered',
      name: 'Nguyễn Bình',
      phone: '0912345678',
      registeredAt: new Date(),
    });

    const first = await withdrawConsent(KEY, 'ticket_contact', 'v');
    expect(first.profileErased).toBe(false);
    expect((await ContactModel.findOne({ key: KEY }).lean())!.profile?.name).toBe('Nguyễn Bình');

    const second = await withdrawConsent(KEY, 'event_registration', 'v');
    expect(second).toMatchObject({ profileErased: true, registrationsCleared: 1 });
    expect((await ContactModel.findOne({ key: KEY }).lean())!.profile?.name).toBeUndefined();
    const registration = (await EventRegistrationModel.findOne({ contactKey: KEY }).lean())!;
    expect(registration.status).toBe('registered');
    expect(registration.name).toBeUndefined();
  });

  it('when news consent is withdrawn, then the subscriptions end', async () => {
    await ContactModel.updateOne({ key: KEY }, { $set: { subscriptions: ['do-luong'] } });
    await recordConsent(KEY, { purpose: 'news_subscription', granted: true, textVersion: 'v' });
    const result = await withdrawConsent(KEY, 'news_subscription', 'v');
    expect(result.subscriptionsEnded).toBe(true);
    expect((await ContactModel.findOne({ key: KEY }).lean())!.subscriptions).toEqual([]);
  });
});

describe('erasure', () => {
  it('when a person asks to be erased, then personal data, transcript, registrations and dialog state go, and tickets stay anonymised', async () => {
    await recordConsent(KEY, { purpose: 'ticket_contact', granted: true, textVersion: 'v' });
    await saveProfile(KEY, { name: 'Nguyễn Bình', phone: '0912345678' });
    await ContactModel.updateOne({ key: KEY }, { $set: { subscriptions: ['chat-luong'] } });
    const ticket = await createTicket(testTickets, {
      kind: 'question',
      topic: 'do-luong',
      question: 'Cân điện tử của Nguyễn Bình',
      contactKey: KEY,
      channel: 'zalo',
      language: 'vi',
      contact: { name: 'Nguyễn Bình', phone: '0912345678' },
    });
    await appendTranscriptLine(KEY, { direction: 'in', author: 'person', text: 'Tôi là Nguyễn Bình', at: new Date() });
    await EventRegistrationModel.create({
      eventId: 'e1',
      contactKey: KEY,
      channel: 'zalo',
      status: 'registered',
      name: 'Nguyễn Bình',
      registeredAt: new Date(),
    });
    await OutboxRecordModel.create({
      _id: 'o1',
      key: 'o1',
      contactKey: KEY,
      channel: 'zalo',
      recipientId: '1234567890',
      message: { text: 'Liên hệ: Nguyễn Bình' },
      purpose: 'reply',
      status: 'sent',
      seq: 1,
      createdAt: new Date(),
    });
    await OutboxRecordModel.create({
      _id: 'o2',
      key: 'o2',
      contactKey: KEY,
      channel: 'zalo',
      recipientId: '1234567890',
      message: { text: 'Chưa gửi' },
      purpose: 'reply',
      status: 'pending',
      seq: 2,
      createdAt: new Date(),
    });
    await InboxRecordModel.create({
      _id: 'zalo:in-1',
      channel: 'zalo',
      eventId: 'in-1',
      contactKey: KEY,
      event: { text: 'Tôi là Nguyễn Bình' },
      occurredAt: new Date(),
      receivedAt: new Date(),
      status: 'done',
    });
    await ContactModel.updateOne(
      { _id: KEY },
      { $set: { dialog: '{"dialogState":{"dialogStack":[{"id":"ask","state":{"values":{"details":{"name":"Nguyễn Bình"}}}}]}}' } },
    );

    const report = await erasePersonalData(testTickets, KEY, at('2026-11-20T00:00:00Z'));
    expect(report).toMatchObject({
      ticketsAnonymised: 1,
      transcriptLinesDeleted: 1,
      registrationsDeleted: 1,
      outboxMessagesScrubbed: 1,
      inboxEventsScrubbed: 1,
    });

    const contact = (await ContactModel.findOne({ key: KEY }).lean())!;
    expect(contact.profile?.name).toBeUndefined();
    expect(contact.displayName).toBeUndefined();
    expect(contact.consents).toEqual([]);
    expect(contact.subscriptions).toEqual([]);
    expect(contact.erasedAt).toEqual(at('2026-11-20T00:00:00Z'));
    const stored = (await TicketModel.findById(ticket.id).lean())!;
    expect(stored.contactKey).toBeUndefined();
    expect(stored.contact?.name).toBeUndefined();
    expect(stored.anonymisedAt).toBeInstanceOf(Date);
    expect(stored.departmentCode).toBe(ticket.departmentCode);
    expect(await TranscriptMessageModel.countDocuments({ contactKey: KEY })).toBe(0);
    expect(await EventRegistrationModel.countDocuments({ contactKey: KEY })).toBe(0);
    expect((await OutboxRecordModel.findOne({ key: 'o1' }).lean())!.message).toEqual({ text: '' });
    expect((await OutboxRecordModel.findOne({ key: 'o2' }).lean())!.message).toEqual({ text: 'Chưa gửi' });
    expect(JSON.stringify((await InboxRecordModel.findOne({ eventId: 'in-1' }).lean())!.event)).not.toContain('Nguyễn Bình');
    expect(contact.dialog).toBeUndefined();
    expect(await AuditEntryModel.countDocuments({ action: 'contact.erase', targetId: KEY })).toBe(1);

    // Asking twice is harmless.
    expect(await erasePersonalData(testTickets, KEY)).toMatchObject({ ticketsAnonymised: 0, transcriptLinesDeleted: 0 });
  });

  it('when a web chat visitor is erased, then their chat feed goes too', async () => {
    const key = 'webchat:visitor-1';
    await ContactModel.create({ key, channel: 'webchat', userId: 'visitor-1', firstSeenAt: new Date() });
    await WebChatMessageModel.create({ _id: 'in:visitor-1:c1', visitorId: 'visitor-1', seq: 1, author: 'visitor', text: 'Xin chào', at: new Date() });
    await WebChatMessageModel.create({ _id: 'in:visitor-2:c1', visitorId: 'visitor-2', seq: 1, author: 'visitor', text: 'Người khác', at: new Date() });
    const report = await erasePersonalData(testTickets, key);
    expect(report.webChatLinesDeleted).toBe(1);
    expect(await WebChatMessageModel.countDocuments({ visitorId: 'visitor-2' })).toBe(1);
  });

  it('when a person looks at their data, then profile, consents, open tickets and registrations are listed', async () => {
    await recordConsent(KEY, { purpose: 'ticket_contact', granted: true, textVersion: 'v' }, at('2026-11-05T00:00:00Z'));
    await saveProfile(KEY, { name: 'Nguyễn Bình' });
    const ticket = await createTicket(testTickets, { kind: 'question', question: 'Hỏi', contactKey: KEY, channel: 'zalo', language: 'vi' });
    await EventRegistrationModel.create({ eventId: 'e9', contactKey: KEY, channel: 'zalo', status: 'registered', registeredAt: new Date() });
    const data = await describePersonalData(KEY);
    expect(data).toMatchObject({ displayName: 'Bình Zalo', profile: { name: 'Nguyễn Bình' }, language: 'vi' });
    expect(data.consents).toEqual([{ purpose: 'ticket_contact', granted: true, textVersion: 'v', at: at('2026-11-05T00:00:00Z') }]);
    expect(data.openTickets.map((t) => t.code)).toEqual([ticket.code]);
    expect(data.registrations.map((r) => r.eventId)).toEqual(['e9']);
  });
});
