import { beforeEach, describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../src/errors.js';
import { OutboxRecordModel } from '../../../src/db/models/outbox-message.js';
import { TranscriptMessageModel } from '../../../src/db/models/transcript-message.js';
import { listAuditFor } from '../../../src/services/audit.js';
import { answerTicket, closeTicket, getDeliveryStatus, listAnswerDeliveries, reopenTicket } from '../../../src/services/tickets/index.js';
import { clearDatabase, useTestDatabase } from '../../support/database.js';
import { seedShippedDirectory } from '../directory-fixture.js';
import { createMeasurementQuestion, officerTcdlcl, vn } from './fixture.js';
import { testTickets } from '../../support/tickets.js';

useTestDatabase('tickets_answer');

const ANSWER = 'Có. Cân điện tử dùng trong mua bán phải được kiểm định theo quy định về đo lường.';

beforeEach(async () => {
  await clearDatabase();
  await seedShippedDirectory();
});

describe('answerTicket', () => {
  it('when an officer answers, then the ticket is answered and one message to the person is queued on their channel', async () => {
    const ticket = await createMeasurementQuestion({}, vn('2026-03-09T09:00:00'));
    const result = await answerTicket(testTickets, ticket.id, ANSWER, officerTcdlcl, { now: vn('2026-03-10T10:00:00') });
    expect(result).toMatchObject({ created: true, outboxKey: `answer:${ticket.id}:1` });
    expect(result.ticket).toMatchObject({
      status: 'answered',
      answer: { text: ANSWER, staffId: 'lan.nt', staffName: 'Nguyễn Thị Lan', outboxKey: result.outboxKey },
      firstResponseAt: vn('2026-03-10T10:00:00'),
      resolvedAt: vn('2026-03-10T10:00:00'),
    });
    const queued = await OutboxRecordModel.find({ ticketId: ticket.id }).lean();
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({
      key: result.outboxKey,
      contactKey: 'zalo:1001',
      channel: 'zalo',
      recipientId: '1001',
      purpose: 'staff_answer',
      status: 'pending',
    });
    expect((queued[0]!.message as { text: string }).text).toContain(ANSWER);
    expect((queued[0]!.message as { text: string }).text).toContain(ticket.code);
    await expect(getDeliveryStatus(result.outboxKey!)).resolves.toMatchObject({ status: 'pending', channel: 'zalo', attempts: 0 });
  });

  it('when the same answer is submitted twice with the same number, then one message is queued and one answer recorded', async () => {
    const ticket = await createMeasurementQuestion();
    const first = await answerTicket(testTickets, ticket.id, ANSWER, officerTcdlcl, { n: 1 });
    const second = await answerTicket(testTickets, ticket.id, ANSWER, officerTcdlcl, { n: 1 });
    expect(second).toMatchObject({ created: false, outboxKey: first.outboxKey });
    expect(await OutboxRecordModel.countDocuments({ ticketId: ticket.id })).toBe(1);
    expect(await TranscriptMessageModel.countDocuments({ ticketId: ticket.id })).toBe(1);
    expect(second.ticket.history.filter((h) => h.action === 'answered')).toHaveLength(1);
  });

  it('when two submits of the same answer race, then still one message is queued and one answer recorded', async () => {
    const ticket = await createMeasurementQuestion();
    const now = vn('2026-03-10T10:00:00');
    const results = await Promise.all([
      answerTicket(testTickets, ticket.id, ANSWER, officerTcdlcl, { now }),
      answerTicket(testTickets, ticket.id, ANSWER, officerTcdlcl, { now }),
    ]);
    expect(results.map((r) => r.created).sort()).toEqual([false, true]);
    expect(await OutboxRecordModel.countDocuments({ ticketId: ticket.id })).toBe(1);
    const { ticket: after } = await answerTicket(testTickets, ticket.id, ANSWER, officerTcdlcl, { n: 1 });
    expect(after.history.filter((h) => h.action === 'answered')).toHaveLength(1);
  });

  it('when answer 1 is submitted again with another text, then it is refused as a conflict and nothing more is queued', async () => {
    const ticket = await createMeasurementQuestion();
    await answerTicket(testTickets, ticket.id, ANSWER, officerTcdlcl, { n: 1 });
    await expect(answerTicket(testTickets, ticket.id, 'Một câu trả lời khác', officerTcdlcl, { n: 1 })).rejects.toMatchObject({
      code: 'answer_conflict',
      status: 409,
    });
    expect(await OutboxRecordModel.countDocuments({ ticketId: ticket.id })).toBe(1);
  });

  it('when a closed ticket is answered, then it is refused until reopened, and the follow-up becomes answer 2', async () => {
    const ticket = await createMeasurementQuestion({}, vn('2026-03-09T09:00:00'));
    await answerTicket(testTickets, ticket.id, ANSWER, officerTcdlcl, { now: vn('2026-03-10T10:00:00') });
    await closeTicket(testTickets, ticket.id, officerTcdlcl, { now: vn('2026-03-10T11:00:00') });
    await expect(answerTicket(testTickets, ticket.id, 'Bổ sung', officerTcdlcl)).rejects.toMatchObject({ code: 'ticket_state', status: 409 });
    await reopenTicket(testTickets, ticket.id, 'Người hỏi cần thêm thông tin', officerTcdlcl, { now: vn('2026-03-11T08:00:00') });
    const follow = await answerTicket(testTickets, ticket.id, 'Bổ sung: chu kỳ kiểm định là 1 năm.', officerTcdlcl, { now: vn('2026-03-11T09:00:00') });
    expect(follow.outboxKey).toBe(`answer:${ticket.id}:2`);
    expect(follow.ticket.firstResponseAt).toEqual(vn('2026-03-10T10:00:00'));
    expect(follow.ticket.resolvedAt).toEqual(vn('2026-03-11T09:00:00'));
    const deliveries = await listAnswerDeliveries(follow.ticket);
    expect(deliveries.map((d) => d.key)).toEqual([`answer:${ticket.id}:1`, `answer:${ticket.id}:2`]);
  });

  it('when answers, notes and status changes are made, then each lands in the audit log with who did it', async () => {
    const ticket = await createMeasurementQuestion();
    await answerTicket(testTickets, ticket.id, ANSWER, officerTcdlcl);
    await closeTicket(testTickets, ticket.id, officerTcdlcl, { reason: 'Đã trả lời đầy đủ' });
    const audit = await listAuditFor('ticket', ticket.id);
    expect(audit.map((a) => [a.actor, a.action])).toEqual([
      ['lan.nt', 'ticket.answer'],
      ['lan.nt', 'ticket.close'],
    ]);
    expect(audit[0]!.details).toMatchObject({
      code: ticket.code,
      n: 1,
      outboxKey: `answer:${ticket.id}:1`,
      actorRole: 'officer',
      actorDepartment: 'chi-cuc-tcdlcl',
    });
  });

  it('when the delivery of an unknown key is asked for, then it is not found', async () => {
    await expect(getDeliveryStatus('answer:nothing:1')).rejects.toBeInstanceOf(NotFoundError);
  });
});
