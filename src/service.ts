import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFlows } from '../flows/index.js';
import { createBotRuntime, type BotController } from './bot/runtime.js';
import { assembleChannels, logChannelsOff, type ChannelParts } from './channels/registry.js';
import type { Config } from './config/config.js';
import { connectDatabase, disconnectDatabase } from './db/connect.js';
import { seedDirectory } from './db/seed.js';
import { migrateToHistoryLayout } from './migrations/history-layout.js';
import { migrateDialogsToContacts } from './migrations/dialog-on-contacts.js';
import { migrateToTicketCopies } from './services/tickets/copies-migration.js';
import { migrateToContactTallies } from './services/contact-tallies-migration.js';
import { createTicketContext, type TicketContext } from './services/tickets/index.js';
import { composeAnswerWithRating } from '../flows/satisfaction.js';
import { ContentLibrary } from './editorial/library.js';
import { syncContentFromFiles } from './editorial/sync.js';
import { createApp } from './http/app.js';
import { loadI18n } from './i18n.js';
import { webhooksWaiting } from './inbox/store.js';
import { createInboxWorker } from './inbox/worker.js';
import { log } from './log.js';
import { createOutboxDelivery } from './outbox/deliver.js';
import { queueStoredMessages } from './outbox/enqueue.js';
import { createOutboxWorker } from './outbox/worker.js';
import { waitAtMost } from './timeout.js';
import type { Feature, MountedRouter, RunningService } from './feature.js';

export type { RunningService } from './feature.js';

const serviceLog = log.child({ module: 'service' });

/** Platforms redeliver for a day or two at most; a week covers that and stays inside the inbox's memory of events. */
function webhookMaxEventAgeMs(inboxKeepDays: number): number {
  return Math.min(7, inboxKeepDays - 1) * 86_400_000;
}

export interface StartOptions {
  /** The database to use (a full URI including the database name). */
  mongodbUri: string;
  channels: (config: Config) => ChannelParts[];
  features?: Feature[];
  contentDir?: string;
  /** How often each instance checks for newly published content (ms); 2000 by default. */
  contentPollMs?: number;
  /** The conversation flows; the project's own over the published content by default. */
  registerFlows?: (controller: BotController) => void | Promise<void>;
  /** The clock of the webhook rate limit (ms since the epoch); tests move it instead of waiting for a refill. */
  rateLimitClock?: () => number;
  /**
   * The ticket services' context (calendar, time limits, clock, answer composer). By default
   * one from the content files whose answers carry the rating question, as the flows ask it.
   */
  tickets?: TicketContext;
}

/**
 * Starts the whole service: database (indexes, seed), bot runtime, channels, workers, HTTP.
 * Resolves once it listens. The caller owns `stop()`.
 */
export async function startService(config: Config, options: StartOptions): Promise<RunningService> {
  const contentDir = options.contentDir ?? 'content';
  const tickets = options.tickets ?? createTicketContext({ composeAnswer: composeAnswerWithRating });
  await connectDatabase(options.mongodbUri);
  await migrateToHistoryLayout(tickets.calendar.timezone);
  await migrateToTicketCopies(tickets.calendar.timezone);
  await migrateToContactTallies();
  await migrateDialogsToContacts();
  await seedDirectory(contentDir);
  loadI18n(contentDir);
  // The files seed a new installation; afterwards the database holds the published content.
  await syncContentFromFiles(contentDir);
  const content = new ContentLibrary({ pollMs: options.contentPollMs });
  await content.load();
  logChannelsOff(config);
  const channels = assembleChannels(options.channels(config));
  // One sender for both workers: the inbox worker sends a turn's replies right after the turn.
  const delivery = createOutboxDelivery({
    clients: channels.clients,
    policies: channels.policies,
    maxAttempts: config.outbox.maxAttempts,
    leaseMs: Math.min(config.inbox.leaseMs, config.outbox.leaseMs),
  });
  const holdBackWhile = config.inbox.webhooksFirst ? webhooksWaiting : undefined;
  const outboxWorker = createOutboxWorker({
    delivery,
    holdBackWhile,
    pollMs: config.outbox.pollMs,
    leaseMs: config.outbox.leaseMs,
  });
  // Whatever this service queues or withdraws wakes this service's outbox worker, not another's.
  const wakeOutbox = () => outboxWorker.wake();
  const runtime = await createBotRuntime(options.registerFlows ?? createFlows({ source: content, tickets }), { wakeOutbox, tickets });
  const inboxWorker = createInboxWorker({
    handle: runtime.handleInbound,
    // Stopping the outbox worker stops every send: the replies then wait in the outbox.
    delivery: {
      deliverDue: (key, contact) => (outboxWorker.isRunning() ? delivery.deliverDue(key, contact) : Promise.resolve(false)),
      sendReplies: (replies, contact) => (outboxWorker.isRunning() ? delivery.sendReplies(replies, contact) : queueStoredMessages(replies, wakeOutbox)),
    },
    wakeOutbox,
    maxAttempts: config.inbox.maxAttempts,
    pollMs: config.inbox.pollMs,
    leaseMs: config.inbox.leaseMs,
    concurrency: config.inbox.concurrency,
    reorderWindowMs: config.inbox.reorderWindowMs,
    holdBackWhile,
  });

  const core = { config, runtime, content, channels, inboxWorker, outboxWorker, tickets };
  const routers: MountedRouter[] = [];
  for (const feature of options.features ?? []) {
    const added = await feature.setup(core);
    if (added?.routers) routers.push(...added.routers);
  }
  const app = createApp({
    webhooks: channels.webhooks,
    routers,
    webhookBodyLimitBytes: config.limits.webhookBodyBytes,
    webhookRatePerMinute: config.limits.webhookRatePerMinute,
    rateLimitClock: options.rateLimitClock,
    onInboundStored: () => inboxWorker.wakeAfter(config.inbox.reorderWindowMs),
    reorderWindowMs: config.inbox.reorderWindowMs,
    // Shorter than the life of the inbox's duplicate records, so an event is either recognised as a redelivery or refused as too old.
    webhookMaxEventAgeMs: webhookMaxEventAgeMs(config.inbox.keepDays),
    metricsToken: config.metricsToken,
    trustProxy: config.trustProxy,
  });

  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.port, config.host, () => resolve(s));
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const url = config.port === 0 ? `http://127.0.0.1:${port}` : config.publicUrl;
  for (const part of channels.parts) await part.start?.();
  inboxWorker.start();
  outboxWorker.start();
  content.start();
  for (const feature of options.features ?? []) await feature.start?.();
  serviceLog.info({ url, channels: channels.parts.map((p) => p.channel) }, 'Cầu Nối is up');

  let stopping: Promise<void> | undefined;
  async function stopAll(): Promise<void> {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    for (const feature of options.features ?? []) await feature.stop?.();
    content.stop();
    await inboxWorker.stop();
    await outboxWorker.stop();
    for (const part of channels.parts) await part.stop?.();
    server.closeAllConnections();
    await closed;
    await disconnectDatabase();
  }
  function stop(): Promise<void> {
    stopping ??= waitAtMost(stopAll(), config.shutdownTimeoutMs).then((finished) => {
      if (finished.done) return;
      serviceLog.warn({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown took too long; closing anyway');
      server.closeAllConnections();
    });
    return stopping;
  }
  return { ...core, server, url: url.replace(/\/$/, ''), stop };
}
