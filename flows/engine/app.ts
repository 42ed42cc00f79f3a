import type { Botkit } from 'botkit';
import type { Content } from '../../src/content/index.js';
import type { SearchIndex } from '../../src/search/index.js';

/** Botkit's controller, named here so that flows outside flows/engine need not import Botkit. */
export type BotController = Botkit;

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
  clock: () => Date;
}
