import { loadContent, type Content } from '../src/content/index.js';
import { staticContentSource, type ContentSource } from '../src/editorial/library.js';
import type { TicketContext } from '../src/services/tickets/index.js';
import { registerAskQuestion } from './ask-question.js';
import { registerComplaints } from './complaints.js';
import type { BotController, FlowApp } from './engine/app.js';
import { CommandRouter } from './engine/router.js';
import { registerEvents } from './events.js';
import { registerFallback } from './fallback.js';
import { registerLanguage } from './language.js';
import { registerMenu } from './menu.js';
import { registerMyData } from './my-data.js';
import { registerSatisfaction } from './satisfaction.js';
import { registerSearch } from './search.js';
import { registerSubscriptions } from './subscriptions.js';
import { registerTopics } from './topics.js';
import { registerTrack } from './track.js';

export interface FlowOptions {
  /** Fixed outreach content; read from `content/` when neither this nor `source` is given. */
  content?: Content;
  /**
   * Where every turn reads the current content and search index: the published content, which
   * a publication in the console replaces while the bot runs. Wins over `content`.
   */
  source?: ContentSource;
  /** The clock flows use for dates and deadlines; the ticket context's clock by default. */
  clock?: () => Date;
  /**
   * The service's ticket context. Staff answers reach the person in the bot's words when its
   * composer is `composeAnswerWithRating` (flows/satisfaction.ts).
   */
  tickets: TicketContext;
}

/**
 * Registers every conversation flow on the controller, in this order (a number or title
 * typed for a choice has already become its payload in the runtime):
 * 1. one interrupt for commands that work anywhere (menu and cancel words, language,
 *    ratings, every menu and topic payload);
 * 2. the flows (dialogs) that wait for answers: ask, complaint, track by code, event
 *    registration, rating comment, search offer;
 * 3. `hears` when no flow waits: a ticket code, a greeting;
 * 4. `on('follow')` greets; `on('message')` answers anything else (search, stickers, emoji).
 */
export function createFlows(options: FlowOptions): (controller: BotController) => void {
  return (controller) => {
    const source = options.source ?? staticContentSource(options.content ?? loadContent());
    // Read on every access, so a turn always sees the latest publication.
    const app: FlowApp = {
      controller,
      get content() {
        return source.current().content;
      },
      get search() {
        return source.current().search;
      },
      clock: options.clock ?? options.tickets.clock,
      tickets: options.tickets,
    };

    const router = new CommandRouter();
    registerMenu(app, router);
    registerLanguage(app, router);
    registerSatisfaction(app, router);
    registerTopics(app, router);
    registerSearch(app, router);
    registerAskQuestion(app, router);
    registerTrack(app, router);
    registerComplaints(app, router);
    registerEvents(app, router);
    registerSubscriptions(app, router);
    registerMyData(app, router);
    router.register(app);

    registerFallback(app);
  };
}
