import type { Config } from '../config/config.js';
import type { EventCatalogue } from '../content/types.js';
import { log } from '../log.js';
import { createNewsGate } from '../news/next-contact.js';
import { readNewsRates, type NewsRates } from '../news/rates.js';
import type { Feature } from '../feature.js';
import type { WorkingCalendar } from '../services/working-days.js';
import { deadlineDigestJob } from './deadline-digest.js';
import { eventRemindersJob } from './event-reminders.js';
import { createSmtpMailer, type Mailer } from './mailer.js';
import { newsDispatchJob } from './news-dispatch.js';
import { retentionJob } from './retention.js';
import { createScheduler, type Scheduler } from './scheduler.js';
import type { JobDefinition } from './types.js';
import { refreshableTokensOf, tokenRefreshJob, type RefreshableTokens } from './token-refresh.js';

const featureLog = log.child({ module: 'jobs' });

export interface JobsDependencies {
  /**
   * Token stores to keep fresh, by channel. Default: every channel part that carries
   * `tokens.refreshIfDue()` (the Zalo OA channel from `createZaloChannel`).
   */
  tokenStores?: Partial<Record<string, RefreshableTokens>>;
  /** Default: SMTP from `config.smtp`, none when it is unset. */
  mailer?: Mailer;
  /** Default: the calendar of the service's ticket context, as it is at setup. */
  calendar?: WorkingCalendar;
  /** Default: the published events, as they are at each reminder run. */
  events?: () => EventCatalogue;
  /** Default: `NEWS_RATE_*_PER_MIN` from the environment. */
  newsRates?: NewsRates;
  /** Lease holder identity (tests run two schedulers in one process). */
  owner?: string;
}

/** The jobs feature, with what it built for inspection. */
export interface JobsFeature extends Feature {
  /** The jobs this instance schedules (empty until `setup`). */
  readonly jobs: JobDefinition[];
}

/**
 * Scheduled work: deadline digests, event reminders, news to subscribers, retention and the
 * Zalo token refresh, each on its cron schedule from `config.jobs` in `config.timezone` and
 * run once across instances (see `runJobOnce`); the token refresh runs for each channel whose
 * parts carry a token store (Zalo OA). Always adds the turn gate that delivers news
 * at a person's next contact. With `JOBS_ENABLED=false` nothing is scheduled on this instance.
 */
export function createJobsFeature(config: Config, deps: JobsDependencies = {}): JobsFeature {
  const jobs: JobDefinition[] = [];
  let scheduler: Scheduler | undefined;

  return {
    name: 'jobs',
    jobs,
    setup(core) {
      // What the jobs queue leaves through this service's own outbox worker.
      const wakeOutbox = () => core.outboxWorker.wake();
      core.runtime.addGate(createNewsGate({ wakeOutbox }));
      if (!config.jobs.enabled) {
        featureLog.info('scheduled jobs are off on this instance (JOBS_ENABLED=false)');
        return;
      }
      const mailer = deps.mailer ?? createSmtpMailer(config.smtp);
      if (!mailer) featureLog.info('SMTP_HOST is not set: deadline digests are shown in the staff console only');
      const calendar = deps.calendar ?? core.tickets.calendar;
      const events = deps.events ?? (() => core.content.current().content.events);
      const { jobs: j } = config;
      jobs.push(
        deadlineDigestJob(j.deadlineDigestCron, { calendar, mailer, consoleUrl: `${config.publicUrl.replace(/\/$/, '')}/console/jobs` }),
        eventRemindersJob(j.eventReminderCron, { events, hoursBefore: j.eventReminderHours, timezone: config.timezone, wakeOutbox }),
        newsDispatchJob(j.broadcastCron, { policies: core.channels.policies, rates: deps.newsRates ?? readNewsRates(), wakeOutbox }),
        retentionJob(core.tickets, j.retentionCron, j.retentionMonths, config.inbox.keepDays),
      );
      const stores =
        deps.tokenStores ??
        Object.fromEntries(
          core.channels.parts.flatMap((part) => {
            const tokens = refreshableTokensOf(part);
            return tokens ? [[part.channel, tokens]] : [];
          }),
        );
      for (const [channel, tokens] of Object.entries(stores)) if (tokens) jobs.push(tokenRefreshJob(channel, j.tokenRefreshCron, tokens));
      scheduler = createScheduler(jobs, { timezone: config.timezone, owner: deps.owner });
    },
    async start() {
      await scheduler?.start();
    },
    async stop() {
      await scheduler?.stop(Math.max(1_000, config.shutdownTimeoutMs - 2_000));
    },
  };
}
