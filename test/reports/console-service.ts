import type { ChannelParts } from '../../src/channels/registry.js';
import { createConsoleFeature } from '../../src/console/index.js';
import { createJobsFeature, type JobsFeature } from '../../src/jobs/feature.js';
import { createJobsPage } from '../../src/jobs/routes.js';
import { createNewsPage } from '../../src/news/routes.js';
import { readReportHeading } from '../../src/reports/heading.js';
import { createReportsPage } from '../../src/reports/routes.js';
import type { RunningService } from '../../src/service.js';
import { ADMIN } from '../console/support.js';
import { dropTestDatabase, testDatabaseUri } from '../support/database.js';
import { startTestService } from '../support/service.js';
import { testTickets as tickets } from '../support/tickets.js';

export interface PagesService {
  service: RunningService;
  jobs: JobsFeature;
  url: string;
  stop(): Promise<void>;
}

/** The service with the console and the jobs, news and reports pages mounted in it, as the full service does. */
export async function startServiceWithPages(label: string, env: Record<string, string> = {}, channels: ChannelParts[] = []): Promise<PagesService> {
  const uri = testDatabaseUri(label);
  let jobs: JobsFeature | undefined;
  const service = await startTestService({
    tickets,
    mongodbUri: uri,
    channels: () => channels,
    env: { ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password, ...env },
    features: (config) => {
      jobs = createJobsFeature(config);
      const pages = [
        createJobsPage({ jobs: () => jobs!.jobs }),
        createNewsPage({ timezone: config.timezone }),
        createReportsPage({
          timezone: config.timezone,
          calendar: () => tickets.calendar,
          heading: readReportHeading({ REPORT_PROVINCE: 'Hưng Yên', REPORT_PLACE: 'Hưng Yên' }),
        }),
      ];
      return [jobs, createConsoleFeature(config, { settings: { livePollMs: 100, signInPerMinute: 1_000 }, pages })];
    },
  });
  return {
    service,
    jobs: jobs!,
    url: service.url,
    async stop() {
      await service.stop();
      await dropTestDatabase(uri);
    },
  };
}
