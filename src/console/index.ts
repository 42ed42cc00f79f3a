import { Router } from 'express';
import type { Config } from '../config/config.js';
import { NotFoundError, describeError } from '../errors.js';
import { log } from '../log.js';
import type { Feature, ServiceCore } from '../feature.js';
import type { TicketContext } from '../services/tickets/index.js';
import { ensureFirstAdmin } from './auth/first-admin.js';
import { TokenBucketLimiter } from '../http/rate-limit.js';
import { sweepExpiredSessions } from './auth/session.js';
import { sweepThrottle } from './auth/throttle.js';
import { loadEffectiveCalendar } from './calendar/effective.js';
import type { ConsoleContext } from './context.js';
import { consoleErrorHandler } from './errors.js';
import { LiveFeed } from './events/feed.js';
import { recordLiveEvent, sweepLiveEvents } from './events/store.js';
import { measureDatabaseVolume } from '../db/volume.js';
import { excerptOf } from './events/types.js';
import { LiveStreams } from './events/stream.js';
import { PasswordHasher } from './auth/password.js';
import { consoleHeaders } from './headers.js';
import { loadTopicLabels } from './queue/topics.js';
import { adminRoutes } from './routes/admin-routes.js';
import { authRoutes } from './routes/auth-routes.js';
import { eventsRoute } from './routes/events-route.js';
import { queueRoutes } from './routes/queue-routes.js';
import { staticRoutes } from './routes/static-routes.js';
import { takeoverRoutes } from './routes/takeover-routes.js';
import { ticketRoutes } from './routes/ticket-routes.js';
import { DEFAULT_CONSOLE_SETTINGS, type ConsoleSettings } from './settings.js';
import { createConsoleGate } from './takeover/gate.js';
import { TakeoverSweep } from './takeover/sweep.js';
import { attachConsoleDisplay, CONSOLE_BASE, ConsoleDisplay, type NavItem } from './views/display.js';

export { loadEffectiveCalendar } from './calendar/effective.js';

// What other features build their console pages with (content editing, news, reports, job runs):
// the staff guard, form input, page layout and HTML, so they never reach into the console's files.
export { requireStaff, currentStaff, csrfTokenOf, type ConsoleStaff } from './auth/require-staff.js';
export { bodyOf, idParam, intField, queryOf, textField, type Fields } from './input.js';
export { loadTopicLabels, type TopicLabel } from './queue/topics.js';
export { hideTicketAccess, sendPage } from './routes/respond.js';
export { csrfInput, selectField } from './views/components.js';
export { CHANNEL_LABELS, KIND_LABELS, STATUS_LABELS } from './views/format.js';
export { consoleDisplayOf, type ConsoleDisplay } from './views/display.js';
export { html, safeHref, trustedHtml, type SafeHtml } from './views/html.js';
export { CONSOLE_BASE, layout, type Flash } from './views/layout.js';

const consoleLog = log.child({ module: 'console' });

/** Pages another feature adds to the console (reports, news, job runs), behind its headers and error pages. */
export interface ConsolePage {
  /** Routes relative to `/console`; guard each with `requireStaff(roles)`. */
  router: Router;
  /** Navigation entry for the page, if any. */
  nav?: NavItem;
  /** Given the running service's parts when the console is set up (the news page takes its outbox wake-up). */
  attach?(service: ServiceCore): void;
}

export interface ConsoleFeatureOptions {
  /** Overrides of the built-in tunables (tests shorten polls and limits). */
  settings?: Partial<ConsoleSettings>;
  /** Further console pages. */
  pages?: ConsolePage[];
}

/** The console feature, with its parts exposed for tests and the metrics. */
export interface ConsoleFeature extends Feature {
  readonly settings: ConsoleSettings;
  /** The live feed (to wake it, or count open streams). */
  feed(): LiveFeed | undefined;
  /** Hands back idle takeovers now; returns how many. */
  sweepTakeovers(): Promise<number>;
}

/**
 * The staff console under `/console`: sign-in, department queues, ticket pages and actions,
 * live notifications (SSE), live takeover of a conversation, administration.
 *
 * At setup it creates the first admin from `ADMIN_USERNAME`/`ADMIN_PASSWORD` when none
 * exists, loads the effective holiday calendar (file + admins' edits) into the ticket
 * services, and adds the takeover gate to the bot runtime. At start it begins the live feed
 * poll, the idle-takeover sweep, the calendar reload (edits made on another instance) and the
 * hourly clean-up of expired sessions, sign-in counters and old live events.
 */
export function createConsoleFeature(config: Config, options: ConsoleFeatureOptions = {}): ConsoleFeature {
  const settings: ConsoleSettings = { ...DEFAULT_CONSOLE_SETTINGS, ...options.settings };
  const calendarFile = `${settings.contentDir}/calendar.json`;
  const idleMs = config.console.takeoverIdleMinutes * 60_000;
  let feed: LiveFeed | undefined;
  let streams: LiveStreams | undefined;
  let sweep: TakeoverSweep | undefined;
  const timers: NodeJS.Timeout[] = [];
  const display = new ConsoleDisplay(config.timezone);
  const passwords = new PasswordHasher(config.console.passwordCost);

  // The service's ticket context, given at setup; the calendar reload keeps its calendar current.
  let tickets: TicketContext | undefined;

  async function refreshCalendar(): Promise<void> {
    const calendar = await loadEffectiveCalendar(calendarFile);
    tickets?.useCalendar(calendar);
  }

  function every(ms: number, what: string, run: () => Promise<unknown>): void {
    let busy = false;
    timers.push(
      setInterval(() => {
        if (busy) return;
        busy = true;
        run()
          .catch((err: unknown) => consoleLog.warn({ err: describeError(err), what }, 'periodic console task failed; it runs again later'))
          .finally(() => {
            busy = false;
          });
      }, ms),
    );
  }

  /** Past the volume the embedded database serves well, says so in the log and to admins on every page. */
  async function checkEmbeddedDatabase(): Promise<void> {
    const volume = await measureDatabaseVolume();
    if (volume.over.length === 0) {
      display.setAdminNotice('embedded-database', undefined);
      return;
    }
    consoleLog.warn({ ...volume.counts, over: volume.over }, 'the embedded database holds more than it serves well; move to MongoDB (docs/deploy.md)');
    display.setAdminNotice(
      'embedded-database',
      `Cơ sở dữ liệu nhúng đã vượt mức phục vụ tốt (${volume.over.join('; ')}): trang hàng đợi và báo cáo sẽ chậm. Hãy chuyển sang MongoDB theo docs/deploy.md. — The embedded database holds more than it serves well; move to MongoDB (docs/deploy.md).`,
    );
  }

  return {
    name: 'console',
    settings,
    feed: () => feed,
    sweepTakeovers: async () => (sweep ? sweep.sweepOnce() : 0),

    async setup(service) {
      await ensureFirstAdmin(config.admin, passwords);
      tickets = service.tickets;
      await refreshCalendar();
      feed = new LiveFeed({ pollMs: settings.livePollMs, logger: consoleLog });
      const liveFeed = feed;
      streams = new LiveStreams({
        feed,
        heartbeatMs: settings.heartbeatMs,
        maxStreamMs: settings.maxStreamMs,
        limits: { perOwner: settings.maxStreamsPerStaff, perNetwork: settings.maxStreamsPerNetwork, total: settings.maxStreams },
        sessionCheckMs: settings.streamSessionCheckMs,
        logger: consoleLog,
      });
      const wakeOutbox = () => service.outboxWorker.wake();
      sweep = new TakeoverSweep({ idleMs, intervalMs: settings.takeoverSweepMs, logger: consoleLog, onHandedBack: () => liveFeed.wake(), wakeOutbox });
      service.runtime.addGate(createConsoleGate({ idleMs, onRecorded: () => liveFeed.wake(), wakeOutbox }));
      // New tickets reach every instance's feed as stored live events (the feed never searches the tickets).
      service.tickets.onCreated(async (ticket) => {
        const recorded = await recordLiveEvent(`ticket.new:${ticket.id}`, {
          type: 'ticket.new',
          ticketId: ticket.id,
          code: ticket.code,
          departmentCode: ticket.departmentCode,
          kind: ticket.kind,
          excerpt: excerptOf(ticket.question),
        });
        if (recorded) liveFeed.wake();
      });

      const ctx: ConsoleContext = {
        config,
        settings,
        topics: loadTopicLabels(settings.contentDir),
        feed,
        streams,
        // A burst of `signInPerMinute` attempts per address, refilled over a minute.
        signInLimiter: new TokenBucketLimiter({ capacity: settings.signInPerMinute, refillPerSecond: settings.signInPerMinute / 60 }),
        logger: consoleLog,
        display,
        passwords,
        calendarFile,
        refreshCalendar,
        tickets: service.tickets,
        wakeOutbox,
      };
      const router = Router();
      router.use(attachConsoleDisplay(display));
      router.use(consoleHeaders({ hsts: config.console.secureCookies }));
      router.use(staticRoutes());
      router.use(authRoutes(ctx));
      router.use(queueRoutes(ctx));
      router.use(ticketRoutes(ctx));
      router.use(takeoverRoutes(ctx));
      router.use(eventsRoute(ctx));
      router.use(adminRoutes(ctx));
      for (const page of options.pages ?? []) {
        page.attach?.(service);
        if (page.nav) display.addNavItem(page.nav);
        router.use(page.router);
      }
      router.use((req, _res, next) => next(new NotFoundError(`Console page ${req.path}`)));
      router.use(consoleErrorHandler(display));
      return { routers: [{ path: CONSOLE_BASE, router }] };
    },

    async start() {
      await feed?.start();
      sweep?.start();
      every(settings.calendarRefreshMs, 'calendar reload', refreshCalendar);
      every(3_600_000, 'clean-up', async () => {
        await sweepExpiredSessions();
        await sweepThrottle();
        await sweepLiveEvents();
      });
      if (!config.mongodbUri) {
        await checkEmbeddedDatabase();
        every(3_600_000, 'database volume check', checkEmbeddedDatabase);
      }
    },

    async stop() {
      for (const timer of timers.splice(0)) clearInterval(timer);
      streams?.closeAll();
      await sweep?.stop();
      await feed?.stop();
    },
  };
}
