/** The tickets domain: what the bot flows, the staff console, the jobs and the reports call. */
export { assertCanAccessTicket, assertStaffActor, canAccessTicket } from './access.js';
export { answerOutboxKey, answerTicket, MAX_ANSWER_LENGTH, type AnswerOptions, type AnswerResult } from './answer.js';
export { anonymiseTicketsForContact, type AnonymiseOptions } from './anonymise.js';
export { recordTicketState } from './copies.js';
export { formatTicketCode, insertWithNextTicketCode, isTicketCode, normaliseTicketCode, TICKET_CODE_PREFIX } from './code.js';
export { configureTickets, plainAnswerComposer, resetTicketContext, ticketContext, type AnswerComposer, type TicketContext } from './context.js';
export { createTicket, MAX_ATTACHMENTS, MAX_QUESTION_LENGTH, type CreateTicketInput, type CreateTicketOptions } from './create.js';
export { getDeliveryStatus, listAnswerDeliveries, type DeliveryStatus } from './delivery.js';
export { isOverdue, percentile, ticketTimings, type TicketTimings } from './metrics.js';
export { rateTicket, type RateOptions } from './rating.js';
export { findTicketByCode, findTicketByCodeForStaff, getTicketForStaff, listTicketsForContact, loadTicket, type ListForContactOptions } from './read.js';
export { monthRows, rowsReceivedBetween, type TicketReportRow } from './months.js';
export { isOpenStatus } from './queue-entry.js';
export { ticketIdByCode } from './refs.js';
export {
  toPersonView,
  toTicketRecord,
  type TicketDoc,
  type PersonTicketView,
  type TicketAttachment,
  type TicketContactSnapshot,
  type TicketHistoryEntry,
  type TicketNote,
  type TicketRecord,
} from './record.js';
export { addNote, closeTicket, reassignTicket, reopenTicket, setInProgress, type StaffActionOptions } from './staff-actions.js';
export { dueDateFor, loadTimeLimits, parseTimeLimits, type LegalSource, type TimeLimit, type TimeLimits, type TimeLimitUnit } from './time-limits.js';
export type { StaffActor } from '../audit.js';
