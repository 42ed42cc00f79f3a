import { beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, ForbiddenError, InputError, NotFoundError } from '../../../src/errors.js';
import { TicketModel } from '../../../src/db/models/ticket.js';
import { listAuditFor } from '../../../src/services/audit.js';
import {
  addNote,
  anonymiseTicketsForContact,
  answerTicket,
  findTicketByCode,
  getTicketForStaff,
  loadTimeLimits,
  parseTimeLimits,
  rateTicket,
  reassignTicket,
  setInProgress,
  ticketTimings,
  toPersonView,
} from '../../../src/services/tickets/index.js';
import { loadWorkingCalendar } from '../../../src/services/working-days.js';
import { clearDatabase, useTestDatabase } from '../../support/database.js';
import { seedShippedDirectory } from '../directory-fixture.js';
import { admin, createMeasurementQuestion, officerCds, officerTcdlcl, vn } from './fixture.js';
import { testTickets } from '../../support/tickets.js';

useTestDatabase('tickets_lifecycle');

beforeEach(async () => {
  await clearDatabase();
  await seedShippedDirectory();
});

describe('reassignTicket', () => {
  it('when a misrouted ticket is reassigned with a reason, then it moves department, the old department loses access and the move is recorded', async () => {
    const ticket = await createMeasurementQuestion({ question: 'Hỏi về phủ sóng di động ở xã' });
    const moved = await reassignTicket(testTickets, ticket.id, 'cds-bcvt', 'Thuộc lĩnh vực viễn thông', officerTcdlcl);
    expect(moved.departmentCode).toBe('cds-bcvt');
    expect(moved.history.at(-1)).toMatchObject({ actor: 'lan.nt', action: 'reassigned', departmentCode: 'cds-bcvt', note: 'Thuộc lĩnh vực viễn thông' });
    await expect(getTicketForStaff(testTickets, ticket.id, officerTcdlcl)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(getTicketForStaff(testTickets, ticket.id, officerCds)).resolves.toMatchObject({ departmentCode: 'cds-bcvt' });
    const audit = await listAuditFor('ticket', ticket.id);
    expect(audit[0]).toMatchObject({
      actor: 'lan.nt',
      action: 'ticket.reassign',
      details: { from: 'chi-cuc-tcdlcl', to: 'cds-bcvt', reason: 'Thuộc lĩnh vực viễn thông' },
    });
  });

  it('when the target department is unknown, the reason empty or the department the same, then it is refused', async () => {
    const ticket = await createMeasurementQuestion();
    await expect(reassignTicket(testTickets, ticket.id, 'phong-ma', 'lý do', admin)).rejects.toThrow(/does not exist/);
    await expect(reassignTicket(testTickets, ticket.id, 'cds-bcvt', '  ', admin)).rejects.toThrow(/reason is required/);
    await expect(reassignTicket(testTickets, ticket.id, 'chi-cuc-tcdlcl', 'lý do', admin)).rejects.toThrow(/already with/);
    expect((await TicketModel.findById(ticket.id).lean())?.departmentCode).toBe('chi-cuc-tcdlcl');
  });
});

describe('notes and progress', () => {
  it('when an officer adds a note and starts work, then the note is kept internal and the status moves once', async () => {
    const ticket = await createMeasurementQuestion();
    const noted = await addNote(testTickets, ticket.id, 'Gọi lại cho người hỏi sau 14h', officerTcdlcl);
    expect(noted.notes).toEqual([expect.objectContaining({ staffId: 'lan.nt', staffName: 'Nguyễn Thị Lan', text: 'Gọi lại cho người hỏi sau 14h' })]);
    expect(toPersonView(noted)).not.toHaveProperty('notes');
    expect(JSON.stringify(toPersonView(noted))).not.toContain('Gọi lại');
    await expect(setInProgress(testTickets, ticket.id, officerTcdlcl)).resolves.toMatchObject({ status: 'in_progress' });
    await expect(setInProgress(testTickets, ticket.id, officerTcdlcl)).rejects.toMatchObject({ status: 409 });
    expect((await listAuditFor('ticket', ticket.id)).map((a) => a.action)).toEqual(['ticket.note', 'ticket.in_progress']);
  });
});

describe('rateTicket', () => {
  it('when the person rates their answered ticket, then the score is stored; others and unanswered tickets cannot be rated', async () => {
    const ticket = await createMeasurementQuestion({ contactKey: 'zalo:1001' });
    await expect(rateTicket(testTickets, ticket.code, 5, { contactKey: 'zalo:1001' })).rejects.toMatchObject({ status: 409 });
    await answerTicket(testTickets, ticket.id, 'Có ạ.', officerTcdlcl);
    await expect(rateTicket(testTickets, ticket.code, 4, { contactKey: 'zalo:2002' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(rateTicket(testTickets, ticket.code, 6, { contactKey: 'zalo:1001' })).rejects.toBeInstanceOf(InputError);
    const rated = await rateTicket(testTickets, ticket.id, 4, { contactKey: 'zalo:1001', comment: 'Trả lời nhanh' });
    expect(rated.rating).toMatchObject({ score: 4, comment: 'Trả lời nhanh' });
  });
});

describe('anonymiseTicketsForContact', () => {
  it('when a person erases their data, then contact details and the link to them go, and the figures stay', async () => {
    const ticket = await createMeasurementQuestion({
      contactKey: 'zalo:1001',
      contact: { name: 'Lê Văn An', phone: '0912345678' },
      attachments: [{ type: 'image', url: 'https://example.org/a.jpg' }],
    });
    await answerTicket(testTickets, ticket.id, 'Có ạ.', officerTcdlcl);
    await rateTicket(testTickets, ticket.code, 5, { contactKey: 'zalo:1001', comment: 'Cảm ơn anh Lan, số tôi 0912345678' });
    const other = await createMeasurementQuestion({ contactKey: 'zalo:2002' });

    await expect(anonymiseTicketsForContact(testTickets, 'zalo:1001')).resolves.toEqual({ count: 1 });
    const stored = await TicketModel.findById(ticket.id).lean();
    expect(stored).not.toHaveProperty('contactKey');
    expect(stored?.contact ?? {}).toEqual({});
    expect(stored?.attachments).toEqual([]);
    expect(stored?.rating).toMatchObject({ score: 5 });
    expect(stored?.rating?.comment).toBeUndefined();
    expect(stored).toMatchObject({ kind: 'question', topic: 'do-luong', departmentCode: 'chi-cuc-tcdlcl', channel: 'zalo', status: 'answered' });
    expect(stored?.anonymisedAt).toBeInstanceOf(Date);
    await expect(findTicketByCode(ticket.code, 'zalo:1001')).rejects.toBeInstanceOf(NotFoundError);
    expect((await TicketModel.findById(other.id).lean())?.contactKey).toBe('zalo:2002');
    await expect(anonymiseTicketsForContact(testTickets, 'zalo:1001')).resolves.toEqual({ count: 0 });
    expect((await listAuditFor('ticket', ticket.id)).map((a) => a.action)).toContain('ticket.anonymise');
  });
});

describe('timings for the reports', () => {
  it('when a ticket is answered across a holiday, then its first response is counted in office hours only', () => {
    const calendar = loadWorkingCalendar();
    // Received Wednesday 29/4/2026 16:00, answered Monday 4/5 08:00: 60 + 30 minutes of office time.
    const timings = ticketTimings(
      {
        createdAt: vn('2026-04-29T16:00:00'),
        firstResponseAt: vn('2026-05-04T08:00:00'),
        resolvedAt: vn('2026-05-04T08:00:00'),
        dueAt: vn('2026-05-07T17:00:00'),
      },
      calendar,
      vn('2026-05-10T00:00:00'),
    );
    expect(timings.firstResponseDays).toBeCloseTo(90 / 450, 10);
    expect(timings.onTime).toBe(true);
  });
});

describe('time limits file', () => {
  it('when the shipped file is loaded, then every kind has a limit and every legal limit cites its law', () => {
    const limits = loadTimeLimits();
    expect(limits.complaint).toMatchObject({ days: 30, departmentChoice: false });
    expect(limits.complaint.sources[0]?.document).toContain('02/2011/QH13');
    expect(limits.denunciation.sources[0]?.document).toContain('25/2018/QH14');
    expect(limits.question).toMatchObject({ days: 5, unit: 'working_days', departmentChoice: true });
  });

  it('when a legal limit has no source or a kind is missing, then the error names the file and field', () => {
    const raw = { kinds: { question: { days: 5, unit: 'working_days', departmentChoice: false, basis: { vi: 'x', en: 'x' }, sources: [] } } };
    expect(() => parseTimeLimits(raw, 'content/time-limits.json')).toThrow(ConfigError);
    expect(() => parseTimeLimits(raw, 'content/time-limits.json')).toThrow(
      /content\/time-limits\.json: kinds\.question\.sources: a legal limit must cite its source/,
    );
    expect(() => parseTimeLimits(raw, 'content/time-limits.json')).toThrow(/content\/time-limits\.json: kinds\.complaint: is missing/);
  });
});
