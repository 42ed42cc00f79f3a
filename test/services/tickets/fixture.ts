import type { StaffActor } from '../../../src/services/audit.js';
import { createTicket, type CreateTicketInput } from '../../../src/services/tickets/index.js';
import { testTickets } from '../../support/tickets.js';

/** Hà Nội wall-clock time as an instant. */
export function vn(local: string): Date {
  return new Date(`${local}+07:00`);
}

export const officerTcdlcl: StaffActor = { username: 'lan.nt', displayName: 'Nguyễn Thị Lan', role: 'officer', departmentCode: 'chi-cuc-tcdlcl' };
export const officerCds: StaffActor = { username: 'minh.tv', displayName: 'Trần Văn Minh', role: 'officer', departmentCode: 'cds-bcvt' };
export const leadComplaintsDesk: StaffActor = { username: 'hoa.pt', displayName: 'Phạm Thị Hoa', role: 'lead', departmentCode: 'tiep-cong-dan' };
export const admin: StaffActor = { username: 'admin', displayName: 'Quản trị', role: 'admin' };

/** A measurement question from a Zalo user, routed to the standards-measurement-quality unit. */
export function measurementQuestion(overrides: Partial<CreateTicketInput> = {}): CreateTicketInput {
  return {
    kind: 'question',
    topic: 'do-luong',
    question: 'Cân điện tử bán hàng ở chợ có phải kiểm định định kỳ không ạ?',
    contactKey: 'zalo:1001',
    channel: 'zalo',
    language: 'vi',
    ...overrides,
  };
}

export async function createMeasurementQuestion(overrides: Partial<CreateTicketInput> = {}, now = vn('2026-03-09T09:00:00')) {
  return createTicket(testTickets, measurementQuestion(overrides), { now });
}
