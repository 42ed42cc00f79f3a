import mongoose, { Types } from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { migrateToHistoryLayout } from '../../src/migrations/history-layout.js';
import { ContactModel } from '../../src/db/models/contact.js';
import { InboxEventModel, inboundEventKey } from '../../src/db/models/inbox-event.js';
import { InboxRecordModel } from '../../src/db/models/inbox-record.js';
import { OutboxMessageModel, OutboxRecordModel } from '../../src/db/models/outbox-message.js';
import { storeInboundEvents } from '../../src/inbox/store.js';
import { findTicketByCode, listTicketsForContact } from '../../src/services/tickets/index.js';
import { readTranscript } from '../../src/services/transcript.js';
import { useTestDatabase } from '../support/database.js';

useTestDatabase('history_layout');

const at = new Date('2026-11-20T03:00:00Z');
const ids = {
  zaloContact: new Types.ObjectId(),
  webContact: new Types.ObjectId(),
  done: new Types.ObjectId(),
  pending: new Types.ObjectId(),
  dead: new Types.ObjectId(),
  sent: new Types.ObjectId(),
  queued: new Types.ObjectId(),
  ticket: new Types.ObjectId(),
};

/** A database as the earlier layout left it: generated ids, history in the work collections, unique keys as indexes. */
async function writeEarlierLayout(): Promise<void> {
  const db = mongoose.connection.db!;
  await db.collection('contacts').createIndex({ key: 1 }, { unique: true });
  await db.collection('inbox').createIndex({ channel: 1, eventId: 1 }, { unique: true });
  await db.collection('outbox').createIndex({ key: 1 }, { unique: true });
  await db.collection('contacts').insertMany([
    {
      _id: ids.zaloContact,
      key: 'zalo:111',
      channel: 'zalo',
      userId: '111',
      language: 'vi',
      firstSeenAt: at,
      lastInboundAt: at,
      consents: [],
      subscriptions: ['do-luong'],
    },
    { _id: ids.webContact, key: 'webchat:v-1', channel: 'webchat', userId: 'v-1', language: 'en', firstSeenAt: at, consents: [], subscriptions: [] },
  ] as never[]);
  const event = (eventId: string, text: string) => ({
    channel: 'zalo',
    eventId,
    contactKey: 'zalo:111',
    event: { channel: 'zalo', eventId, userId: '111', type: 'message', text, timestamp: at.getTime() },
    occurredAt: at,
    receivedAt: at,
    attempts: 0,
    nextAttemptAt: at,
  });
  await db.collection('inbox').insertMany([
    { _id: ids.done, ...event('e-done', 'đã trả lời'), status: 'done', doneAt: at, attempts: 1 },
    { _id: ids.pending, ...event('e-pending', 'chưa trả lời'), status: 'pending' },
    { _id: ids.dead, ...event('e-dead', 'lỗi'), status: 'dead', attempts: 5, lastError: 'boom' },
  ] as never[]);
  const message = (key: string, seq: number) => ({
    key,
    contactKey: 'zalo:111',
    channel: 'zalo',
    recipientId: '111',
    message: { text: key },
    purpose: 'reply',
    seq,
    attempts: [],
    nextAttemptAt: at,
    createdAt: at,
  });
  await db.collection('outbox').insertMany([
    { _id: ids.sent, ...message('in:old#1', 1), status: 'sent', sentAt: at, platformMessageId: 'p-1', attempts: [{ at, ok: true, platformMessageId: 'p-1' }] },
    { _id: ids.queued, ...message('in:old#2', 2), status: 'pending' },
  ] as never[]);
  await db.collection('tickets').insertOne({
    _id: ids.ticket,
    code: 'KHCN-2026-00007',
    requestKey: 'req-7',
    kind: 'question',
    departmentCode: 'van-phong',
    status: 'answered',
    contactKey: 'zalo:111',
    channel: 'zalo',
    language: 'vi',
    question: 'Hỏi về kiểm định cân',
    attachments: [],
    dueAt: at,
    notes: [],
    history: [],
    createdAt: at,
    updatedAt: at,
  });
  const line = (text: string, minutes: number, direction = 'in') => ({
    _id: new Types.ObjectId(),
    contactKey: 'zalo:111',
    direction,
    author: direction === 'in' ? 'person' : 'bot',
    text,
    attachments: [],
    at: new Date(at.getTime() + minutes * 60_000),
  });
  await db.collection('messages').insertMany([line('câu hỏi 1', 1), line('trả lời 1', 2, 'out'), line('câu hỏi 2', 3), line('trả lời 2', 4, 'out')] as never[]);
  // An earlier run stopped after copying the first contact, before deleting the original.
  await db.collection('contacts').dropIndex('key_1');
  await db.collection('contacts').insertOne({
    _id: 'zalo:111',
    key: 'zalo:111',
    channel: 'zalo',
    userId: '111',
    language: 'vi',
    firstSeenAt: at,
    lastInboundAt: at,
    inboundCount: 1,
    consents: [],
    subscriptions: ['do-luong'],
  } as never);
  await db.collection('contacts').createIndex({ key: 1 });
}

describe('moving a database to the history layout', () => {
  beforeAll(writeEarlierLayout);

  it('when an installation in the earlier layout starts, then every person, event, message and ticket is kept and found by _id', async () => {
    const report = await migrateToHistoryLayout('Asia/Ho_Chi_Minh');
    expect(report).toEqual({ contacts: 2, inboxEvents: 3, outboxMessages: 2, transcriptLines: 4, tickets: 1 });

    const contacts = await ContactModel.find({}).lean();
    expect(contacts.map((c) => c._id).sort()).toEqual(['webchat:v-1', 'zalo:111']);
    expect(await ContactModel.findById('zalo:111').lean()).toMatchObject({
      key: 'zalo:111',
      subscriptions: ['do-luong'],
      inboundCount: 1,
      activeDays: ['2026-11-20'],
    });
    expect(await ContactModel.findById('webchat:v-1').lean()).toMatchObject({ language: 'en', inboundCount: 0 });

    // Handled events are records only; pending and parked ones are still work.
    expect((await InboxEventModel.find({}).lean()).map((e) => [e._id, e.status]).sort()).toEqual([
      [inboundEventKey('zalo', 'e-dead'), 'dead'],
      [inboundEventKey('zalo', 'e-pending'), 'pending'],
    ]);
    expect((await InboxRecordModel.find({}).lean()).map((e) => [e._id, e.status]).sort()).toEqual([
      [inboundEventKey('zalo', 'e-dead'), 'dead'],
      [inboundEventKey('zalo', 'e-done'), 'done'],
      [inboundEventKey('zalo', 'e-pending'), 'pending'],
    ]);
    expect((await OutboxMessageModel.find({}).lean()).map((m) => m._id)).toEqual(['in:old#2']);
    expect(await OutboxRecordModel.findById('in:old#1').lean()).toMatchObject({ status: 'sent', platformMessageId: 'p-1', message: { text: 'in:old#1' } });

    expect((await findTicketByCode('khcn 2026 7', 'zalo:111')).id).toBe(ids.ticket.toString());
    expect((await findTicketByCode('KHCN-2026-00007')).id).toBe(ids.ticket.toString());
    expect((await listTicketsForContact('zalo:111')).map((t) => t.code)).toEqual(['KHCN-2026-00007']);

    expect((await readTranscript('zalo:111', 10)).map((l) => l.text)).toEqual(['câu hỏi 1', 'trả lời 1', 'câu hỏi 2', 'trả lời 2']);

    // A redelivery of the event handled before the move is still recognised.
    expect(
      await storeInboundEvents([{ channel: 'zalo', eventId: 'e-done', userId: '111', type: 'message', text: 'đã trả lời', timestamp: at.getTime(), raw: {} }]),
    ).toEqual({ stored: 0, duplicates: 1 });
  });

  it('when the service starts again, or the move runs again, then nothing changes', async () => {
    expect(await migrateToHistoryLayout('Asia/Ho_Chi_Minh')).toBeNull();
    await mongoose.connection.collection('migrations').deleteMany({});
    expect(await migrateToHistoryLayout('Asia/Ho_Chi_Minh')).toEqual({ contacts: 0, inboxEvents: 0, outboxMessages: 0, transcriptLines: 0, tickets: 1 });
    expect((await readTranscript('zalo:111', 10)).map((l) => l.text)).toEqual(['câu hỏi 1', 'trả lời 1', 'câu hỏi 2', 'trả lời 2']);
    expect((await listTicketsForContact('zalo:111')).map((t) => t.code)).toEqual(['KHCN-2026-00007']);
    expect(await ContactModel.countDocuments({})).toBe(2);
  });
});
