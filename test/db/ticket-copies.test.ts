import mongoose, { Types } from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { migrateToTicketCopies } from '../../src/services/tickets/copies-migration.js';
import { OpenTicketModel } from '../../src/db/models/open-ticket.js';
import { TicketMonthModel } from '../../src/db/models/ticket-month.js';
import { closeTicket, monthRows, rowsReceivedBetween } from '../../src/services/tickets/index.js';
import { useTestDatabase } from '../support/database.js';
import { testTickets } from '../support/tickets.js';

useTestDatabase('ticket_copies');

const TZ = 'Asia/Ho_Chi_Minh';
const ids = {
  open: new Types.ObjectId(),
  progress: new Types.ObjectId(),
  answered: new Types.ObjectId(),
  closed: new Types.ObjectId(),
  gone: new Types.ObjectId(),
};

function ticket(_id: Types.ObjectId, n: number, status: string, createdAt: Date, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    _id,
    code: `KHCN-2026-${String(n).padStart(5, '0')}`,
    requestKey: `r-${n}`,
    kind: 'question',
    topic: 'do-luong',
    departmentCode: 'chi-cuc-tcdlcl',
    status,
    contactKey: `zalo:70${n}`,
    channel: 'zalo',
    language: 'vi',
    question: `Câu hỏi ${n}`,
    contact: { name: 'Nguyễn Văn A', phone: '0900000000' },
    attachments: [],
    notes: [],
    history: [{ at: createdAt, actor: 'person', action: 'created', status: 'new' }],
    dueAt: new Date(createdAt.getTime() + 15 * 86_400_000),
    createdAt,
    updatedAt: createdAt,
    ...extra,
  };
}

/** Tickets stored before the copies were kept, and a queue entry left by a run cut short. */
beforeAll(async () => {
  const db = mongoose.connection.db!;
  await db.collection('tickets').insertMany([
    ticket(ids.open, 1, 'new', new Date('2026-10-31T13:00:00Z')),
    ticket(ids.progress, 2, 'in_progress', new Date('2026-10-31T18:00:00Z')),
    ticket(ids.answered, 3, 'answered', new Date('2026-11-02T03:00:00Z'), {
      firstResponseAt: new Date('2026-11-03T03:00:00Z'),
      resolvedAt: new Date('2026-11-03T03:00:00Z'),
      rating: { score: 4, at: new Date('2026-11-04T03:00:00Z') },
    }),
    ticket(ids.closed, 4, 'closed', new Date('2026-11-05T03:00:00Z'), { resolvedAt: new Date('2026-11-06T03:00:00Z'), contactKey: undefined }),
  ] as never[]);
  await OpenTicketModel.collection.insertOne({ _id: String(ids.gone), code: 'KHCN-2026-00009', status: 'new' } as never);
});

describe('copies of tickets stored before they were kept', () => {
  it('when the service starts, then open tickets are in the queue, every ticket in its local month, and nothing else', async () => {
    const report = await migrateToTicketCopies('Asia/Ho_Chi_Minh');
    expect(report).toEqual({ tickets: 4, open: 2, months: 2 });
    const open = await OpenTicketModel.find({}).lean();
    expect(open.map((o) => o.code).sort()).toEqual(['KHCN-2026-00001', 'KHCN-2026-00002']);
    expect(open.find((o) => o.code === 'KHCN-2026-00001')).toMatchObject({ question: 'Câu hỏi 1', status: 'new', departmentCode: 'chi-cuc-tcdlcl' });
    // 18:00 UTC on 31 October is 1 November in Hà Nội.
    expect((await monthRows('2026-10')).map((r) => r.code)).toEqual(['KHCN-2026-00001']);
    const november = await monthRows('2026-11');
    expect(november.map((r) => r.code).sort()).toEqual(['KHCN-2026-00002', 'KHCN-2026-00003', 'KHCN-2026-00004']);
    expect(november.find((r) => r.code === 'KHCN-2026-00003')).toMatchObject({ status: 'answered', ratingScore: 4, contactKey: 'zalo:703' });
    expect(november.find((r) => r.code === 'KHCN-2026-00004')?.contactKey).toBeUndefined();
    expect(JSON.stringify(november)).not.toContain('Nguyễn Văn A');
  });

  it('when it runs again, then nothing is done; a later change is read from the month without a new run', async () => {
    expect(await migrateToTicketCopies('Asia/Ho_Chi_Minh')).toBeNull();
    await closeTicket(testTickets, String(ids.progress), { username: 'lead', displayName: 'Lead', role: 'lead', departmentCode: 'chi-cuc-tcdlcl' });
    expect((await OpenTicketModel.find({}).lean()).map((o) => o.code)).toEqual(['KHCN-2026-00001']);
    const rows = await rowsReceivedBetween('2026-11-01', '2026-11-30', TZ);
    expect(rows.map((r) => [r.code, r.status])).toEqual([
      ['KHCN-2026-00002', 'closed'],
      ['KHCN-2026-00003', 'answered'],
      ['KHCN-2026-00004', 'closed'],
    ]);
  });

  it('when a run was cut short and is run again, then the copies come out the same', async () => {
    await mongoose.connection.collection('migrations').deleteOne({ _id: 'ticket-copies' } as never);
    await TicketMonthModel.deleteOne({ _id: '2026-10' });
    await migrateToTicketCopies('Asia/Ho_Chi_Minh');
    expect((await monthRows('2026-10')).map((r) => r.code)).toEqual(['KHCN-2026-00001']);
    expect((await rowsReceivedBetween('2026-11-01', '2026-11-30', TZ)).map((r) => [r.code, r.status])).toEqual([
      ['KHCN-2026-00002', 'closed'],
      ['KHCN-2026-00003', 'answered'],
      ['KHCN-2026-00004', 'closed'],
    ]);
  });
});
