import { describe, expect, it } from 'vitest';
import { ContactModel } from '../../src/db/models/contact.js';
import { inboundEventKey } from '../../src/db/models/inbox-event.js';
import { InboxRecordModel } from '../../src/db/models/inbox-record.js';
import { OutboxRecordModel } from '../../src/db/models/outbox-message.js';
import { StaffModel } from '../../src/db/models/staff.js';
import { TicketModel } from '../../src/db/models/ticket.js';
import { RoutingRuleModel } from '../../src/db/models/routing-rule.js';
import { DepartmentModel } from '../../src/db/models/department.js';
import { useTestDatabase } from '../support/database.js';

useTestDatabase('unique');
const now = new Date();
const duplicateKey = { code: 11000 };

describe('unique indexes', () => {
  it('when the same platform event is stored twice for a channel, then the second is rejected, but another channel may reuse the id', async () => {
    const entry = {
      _id: inboundEventKey('zalo', 'msg-1'),
      channel: 'zalo' as const,
      eventId: 'msg-1',
      contactKey: 'zalo:1',
      event: { a: 1 },
      occurredAt: now,
      receivedAt: now,
    };
    await InboxRecordModel.create(entry);
    await expect(InboxRecordModel.create(entry)).rejects.toMatchObject(duplicateKey);
    await expect(
      InboxRecordModel.create({ ...entry, _id: inboundEventKey('messenger', 'msg-1'), channel: 'messenger' as const, contactKey: 'messenger:1' }),
    ).resolves.toBeTruthy();
  });

  it('when two contacts, outbox entries, tickets, staff accounts, departments or rules share their key, then the second is rejected', async () => {
    const contact = { key: 'zalo:9', channel: 'zalo' as const, userId: '9', firstSeenAt: now };
    await ContactModel.create(contact);
    await expect(ContactModel.create(contact)).rejects.toMatchObject(duplicateKey);

    const outbox = {
      _id: 'in:1#1',
      key: 'in:1#1',
      contactKey: 'zalo:9',
      channel: 'zalo' as const,
      recipientId: '9',
      message: { text: 'x' },
      purpose: 'reply' as const,
      seq: 1,
      nextAttemptAt: now,
      createdAt: now,
    };
    await OutboxRecordModel.create(outbox);
    await expect(OutboxRecordModel.create({ ...outbox, seq: 2 })).rejects.toMatchObject(duplicateKey);

    const ticket = { code: 'KHCN-2026-00001', kind: 'question' as const, departmentCode: 'van-phong', channel: 'zalo' as const, question: 'q', dueAt: now };
    await TicketModel.create(ticket);
    await expect(TicketModel.create(ticket)).rejects.toMatchObject(duplicateKey);

    const staff = { username: 'lan', displayName: 'Lan', passwordHash: 'x', role: 'officer' as const, departmentCode: 'van-phong' };
    await StaffModel.create(staff);
    await expect(StaffModel.create(staff)).rejects.toMatchObject(duplicateKey);

    await DepartmentModel.create({ code: 'x', name: { vi: 'X', en: 'X' } });
    await expect(DepartmentModel.create({ code: 'x', name: { vi: 'Y', en: 'Y' } })).rejects.toMatchObject(duplicateKey);

    await RoutingRuleModel.create({ key: 'r', departmentCode: 'x' });
    await expect(RoutingRuleModel.create({ key: 'r', departmentCode: 'y' })).rejects.toMatchObject(duplicateKey);
  });
});
