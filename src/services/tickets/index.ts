/** The tickets domain: what the bot flows, the staff console, the jobs and the reports call. */
export { assertCanAccessTicket } from './access.js';
export { answerTicket } from './answer.js';
export { anonymiseTicketsForContact } from './anonymise.js';
export { recordTicketState } from './copies.js';
export { isTicketCode, normaliseTicketCode } from './code.js';
export { createTicketContext, TicketContext, type AnswerComposer } from './context.js';
export { createTicket, MAX_ATTACHMENTS, MAX_QUESTION_LENGTH, type CreateTicketInput } from './create.js';
export { getDeliveryStatus, listAnswerDeliveries, type DeliveryStatus } from './delivery.js';
export { isOverdue, ticketTimings } from './metrics.js';
export { rateTicket } from './rating.js';
export { findTicketByCode, findTicketByCodeForStaff, getTicketForStaff, listTicketsForContact, loadTicket } from './read.js';
export { monthRows, rowsReceivedBetween, type TicketReportRow } from './months.js';
export { isOpenStatus } from './queue-entry.js';
export { ticketIdByCode } from './refs.js';
export { toPersonView, toTicketRecord, type TicketDoc, type TicketAttachment, type TicketContactSnapshot, type TicketRecord } from './record.js';
export { addNote, closeTicket, reassignTicket, reopenTicket, setInProgress } from './staff-actions.js';
export { dueDateFor, loadTimeLimits, parseTimeLimits } from './time-limits.js';
export type { StaffActor } from '../audit.js';
