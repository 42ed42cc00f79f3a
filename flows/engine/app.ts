import type { StatePropertyAccessor } from 'botbuilder';
import type { Botkit } from 'botkit';
import type { Content } from '../../src/content/index.js';
import type { SearchIndex } from '../../src/search/index.js';

/** One choice offered under a message: what the person sees, and what comes back when they pick it. */
export interface Choice {
  title: string;
  payload: string;
}

/** What every flow works with: the controller, the outreach content and its search, the clock. */
export interface FlowApp {
  controller: Botkit;
  content: Content;
  search: SearchIndex;
  /** The choices under the last message the person was sent in this conversation (for "reply with a number"). */
  lastChoices: StatePropertyAccessor<Choice[]>;
  clock: () => Date;
}
