import type { Botkit } from 'botkit';
import type { Content } from '../../src/content/index.js';
import type { SearchIndex } from '../../src/search/index.js';
import type { TicketContext } from '../../src/services/tickets/index.js';

/** Botkit's controller, named here so that flows outside flows/engine need not import Botkit. */
export type BotController = Botkit;

/** One choice offered under a message: what the person sees, and what comes back when they pick it. */
export interface Choice {
  title: string;
  payload: string;
}

/** What every flow works with: the controller, the outreach content and its search, the clock, the ticket context. */
export interface FlowApp {
  controller: Botkit;
  content: Content;
  search: SearchIndex;
  clock: () => Date;
  /** The service's ticket context (calendar, time limits) for the tickets a flow files or rates. */
  tickets: TicketContext;
}
