import { createTicketContext } from '../../src/services/tickets/index.js';

/**
 * A ticket context from the content files and the system clock, for tests that file or change
 * tickets outside a running service. Tests that need what a service adds to its own (the
 * console's announcement of new tickets, an edited calendar) use `service.tickets`.
 */
export const testTickets = createTicketContext();
