import { beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { CounterModel } from '../../../src/db/models/counter.js';
import { TicketModel } from '../../../src/db/models/ticket.js';
import { createTicket } from '../../../src/services/tickets/index.js';
import { clearDatabase, useTestDatabase } from '../../support/database.js';
import { seedShippedDirectory } from '../directory-fixture.js';
import { createMeasurementQuestion, measurementQuestion, vn } from './fixture.js';
import { testTickets } from '../../support/tickets.js';

useTestDatabase('tickets_create');

beforeEach(async () => {
  await clearDatabase();
  await seedShippedDirectory();
});

describe('createTicket', () => {
  it('when a person asks a measurement question, then the ticket is coded, routed, due in five working days and has a history', async () => {
    const ticket = await createMeasurementQuestion({ contact: { name: 'Lê Văn An', phone: '0912 345 678' } }, vn('2026-04-24T10:00:00'));
    expect(ticket.code).toBe('KHCN-2026-00001');
    expect(ticket.departmentCode).toBe('chi-cuc-tcdlcl');
    expect(ticket.status).toBe('new');
    // Friday 24/4/2026: Giỗ Tổ (27/4) and 30/4–1/5 are skipped.
    expect(ticket.dueAt).toEqual(vn('2026-05-06T17:00:00'));
    expect(ticket.createdAt).toEqual(vn('2026-04-24T10:00:00'));
    expect(ticket.contact).toEqual({ name: 'Lê Văn An', phone: '0912 345 678' });
    expect(ticket.history).toEqual([
      expect.objectContaining({
        actor: 'person',
        action: 'created',
        status: 'new',
        departmentCode: 'chi-cuc-tcdlcl',
        note: 'routed by topic (topic-do-luong)',
      }),
    ]);
    const stored = await TicketModel.findOne({ code: ticket.code }).lean();
    expect(stored?.question).toBe(measurementQuestion().question);
  });

  it('when a complaint is filed, then the citizen-reception desk has thirty calendar days, ending on a working day', async () => {
    const ticket = await createTicket(
      testTickets,
      { kind: 'complaint', question: 'Tôi khiếu nại quyết định xử phạt', contactKey: 'zalo:2002', channel: 'zalo', language: 'vi' },
      { now: vn('2026-08-03T15:00:00') },
    );
    expect(ticket.departmentCode).toBe('tiep-cong-dan');
    // 3/8 + 30 days = 2/9 (National Day) → Thursday 3/9.
    expect(ticket.dueAt).toEqual(vn('2026-09-03T17:00:00'));
  });

  it('when the same request is submitted again (a turn run twice after a crash), then the first ticket is returned and no second one is made', async () => {
    const input = {
      kind: 'question' as const,
      question: 'Cân điện tử có phải kiểm định không?',
      contactKey: 'zalo:3003',
      channel: 'zalo' as const,
      language: 'vi' as const,
      requestKey: 'in:abc123',
    };
    const first = await createTicket(testTickets, input);
    const again = await createTicket(testTickets, input);
    expect(again.code).toBe(first.code);
    expect(await TicketModel.countDocuments({ contactKey: 'zalo:3003' })).toBe(1);
  });

  it('when twenty tickets are created at once, then their codes are unique and sequential', async () => {
    const tickets = await Promise.all(
      Array.from({ length: 20 }, (_, i) => createMeasurementQuestion({ contactKey: `zalo:${3000 + i}` }, vn('2026-05-12T09:00:00'))),
    );
    const numbers = tickets.map((t) => Number(t.code.slice('KHCN-2026-'.length))).sort((a, b) => a - b);
    expect(new Set(tickets.map((t) => t.code)).size).toBe(20);
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it("when a ticket arrives at 00:30 on 1 January in Hà Nội (still 31 December in UTC), then it takes the new year's first code", async () => {
    await createMeasurementQuestion({}, vn('2026-12-31T20:00:00'));
    const first = await createMeasurementQuestion({}, vn('2027-01-01T00:30:00'));
    expect(first.code).toBe('KHCN-2027-00001');
    expect(await CounterModel.findById('ticket:2026').lean()).toMatchObject({ seq: 1 });
  });

  it('when the input is malformed, then it is refused with a clear message and nothing is stored', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ kind: 'rumour' }, /kind must be one of/],
      [{ question: { $gt: '' } }, /question must be text/],
      [{ question: '   ' }, /question is required/],
      [{ contactKey: { $ne: null } }, /contactKey must be text/],
      [{ contactKey: 'messenger:42' }, /another channel/],
      [{ topic: 'Đo lường' }, /topic must be a topic id/],
      [{ contact: { name: 'An', idNumber: '0123' } }, /not collected: idNumber/],
      [{ contact: { email: 'not-an-email' } }, /contact.email/],
      [{ attachments: [{ type: 'image', url: 'javascript:alert(1)' }] }, /http\(s\)/],
      [{ question: 'x'.repeat(20_001) }, /too long/],
    ];
    for (const [override, message] of cases) {
      const attempt = createTicket(testTickets, { ...measurementQuestion(), ...override }, { now: vn('2026-03-09T09:00:00') });
      await expect(attempt, JSON.stringify(override).slice(0, 60)).rejects.toThrow(message);
      await expect(attempt).rejects.toBeInstanceOf(InputError);
    }
    expect(await TicketModel.countDocuments()).toBe(0);
  });
});
