import { beforeEach, describe, expect, it } from 'vitest';
import { ForbiddenError, InputError, NotFoundError } from '../../../src/errors.js';
import {
  addNote,
  answerTicket,
  closeTicket,
  findTicketByCode,
  findTicketByCodeForStaff,
  getTicketForStaff,
  listTicketsForContact,
  reassignTicket,
  type StaffActor,
} from '../../../src/services/tickets/index.js';
import { listAuditFor } from '../../../src/services/audit.js';
import { clearDatabase, useTestDatabase } from '../../support/database.js';
import { seedShippedDirectory } from '../directory-fixture.js';
import { admin, createMeasurementQuestion, leadComplaintsDesk, officerCds, officerTcdlcl } from './fixture.js';
import { testTickets } from '../../support/tickets.js';

useTestDatabase('tickets_access');

beforeEach(async () => {
  await clearDatabase();
  await seedShippedDirectory();
});

describe('a person looking up tickets', () => {
  it('when a person types their own code in lower case, then they get their ticket', async () => {
    const ticket = await createMeasurementQuestion({ contactKey: 'zalo:1001' });
    const found = await findTicketByCode(ticket.code.toLowerCase().replace(/-/g, ' '), 'zalo:1001');
    expect(found.id).toBe(ticket.id);
  });

  it("when a person types someone else's code, then it is not found, exactly as an unknown code", async () => {
    const theirs = await createMeasurementQuestion({ contactKey: 'zalo:1001' });
    await expect(findTicketByCode(theirs.code, 'zalo:2002')).rejects.toBeInstanceOf(NotFoundError);
    await expect(findTicketByCode('KHCN-2026-99999', 'zalo:2002')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('when a code or key is an object meant as a query operator, then it is refused', async () => {
    await createMeasurementQuestion({ contactKey: 'zalo:1001' });
    await expect(findTicketByCode({ $ne: null } as never, 'zalo:2002')).rejects.toBeInstanceOf(InputError);
    await expect(findTicketByCode('KHCN-2026-00001', { $ne: null } as never)).rejects.toBeInstanceOf(InputError);
    await expect(listTicketsForContact({ $gt: '' } as never)).rejects.toBeInstanceOf(InputError);
  });

  it("when a person lists their open tickets, then closed ones and other people's are left out", async () => {
    const open = await createMeasurementQuestion({ contactKey: 'zalo:1001' });
    const closed = await createMeasurementQuestion({ contactKey: 'zalo:1001' });
    await createMeasurementQuestion({ contactKey: 'zalo:2002' });
    await closeTicket(testTickets, closed.id, officerTcdlcl);
    const mine = await listTicketsForContact('zalo:1001', { openOnly: true });
    expect(mine.map((t) => t.code)).toEqual([open.code]);
    expect((await listTicketsForContact('zalo:1001')).length).toBe(2);
  });
});

describe('staff access to tickets', () => {
  it('when an officer of another department opens, answers, notes or reassigns a ticket by id, then each is forbidden and nothing changes', async () => {
    const ticket = await createMeasurementQuestion();
    await expect(getTicketForStaff(testTickets, ticket.id, officerCds)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(findTicketByCodeForStaff(testTickets, ticket.code, officerCds)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(answerTicket(testTickets, ticket.id, 'Có ạ', officerCds)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(addNote(testTickets, ticket.id, 'ghi chú', officerCds)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(reassignTicket(testTickets, ticket.id, 'cds-bcvt', 'lấy về', officerCds)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(closeTicket(testTickets, ticket.id, leadComplaintsDesk)).rejects.toBeInstanceOf(ForbiddenError);
    const after = await getTicketForStaff(testTickets, ticket.id, admin);
    expect(after).toMatchObject({ status: 'new', departmentCode: 'chi-cuc-tcdlcl', notes: [] });
  });

  it("when the officer of the ticket's department or an admin opens it, then it opens and the view is audited", async () => {
    const ticket = await createMeasurementQuestion();
    await expect(getTicketForStaff(testTickets, ticket.id, officerTcdlcl)).resolves.toMatchObject({ code: ticket.code });
    await expect(getTicketForStaff(testTickets, ticket.id, admin)).resolves.toMatchObject({ code: ticket.code });
    const audit = await listAuditFor('ticket', ticket.id);
    expect(audit.map((a) => [a.actor, a.action])).toEqual([
      ['lan.nt', 'ticket.view'],
      ['admin', 'ticket.view'],
    ]);
  });

  it('when a lead or officer has no department, or the actor is malformed, then access is forbidden', async () => {
    const ticket = await createMeasurementQuestion();
    const homeless: StaffActor = { username: 'x', displayName: 'X', role: 'officer' };
    await expect(getTicketForStaff(testTickets, ticket.id, homeless)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(getTicketForStaff(testTickets, ticket.id, { username: 'y', displayName: 'Y', role: 'superuser' } as never)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(getTicketForStaff(testTickets, ticket.id, null as never)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('when a ticket id is not an id, then it is refused before any query', async () => {
    await expect(getTicketForStaff(testTickets, { $ne: null } as never, admin)).rejects.toBeInstanceOf(InputError);
    await expect(getTicketForStaff(testTickets, 'not-an-id', admin)).rejects.toBeInstanceOf(InputError);
    await expect(getTicketForStaff(testTickets, '0123456789abcdef01234567', admin)).rejects.toBeInstanceOf(NotFoundError);
  });
});
