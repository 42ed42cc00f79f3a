import type { Config } from './config/config.js';
import { createConsoleFeature } from './console/index.js';
import { createEditorialFeature } from './editorial/feature.js';
import { createJobsFeature } from './jobs/feature.js';
import { createJobsPage } from './jobs/routes.js';
import { createNewsPage } from './news/routes.js';
import { readReportHeading } from './reports/heading.js';
import { createReportsPage } from './reports/routes.js';
import type { Feature } from './feature.js';
import type { TicketContext } from './services/tickets/index.js';

/**
 * The features a full service runs, in this order: the web chat (`webchat`, the feature of the
 * channel whose parts send to `/chat`), content editing, the staff console (`/console`, with the
 * content, reports, news and jobs pages), and the scheduled jobs. Settings they read from the
 * environment are checked here, at start.
 */
export function defaultFeatures(config: Config, webchat: Feature, tickets: TicketContext): Feature[] {
  const jobs = createJobsFeature(config);
  const editorial = createEditorialFeature({ timezone: config.timezone });
  const console = createConsoleFeature(config, {
    pages: [
      editorial.page,
      createReportsPage({ timezone: config.timezone, heading: readReportHeading(), calendar: () => tickets.calendar }),
      createNewsPage({ timezone: config.timezone }),
      createJobsPage({ jobs: () => jobs.jobs }),
    ],
  });
  return [webchat, editorial, console, jobs];
}
