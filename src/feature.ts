// The contract between the service and its features: what a feature implements, and the parts
// of the running service it is given. Its own module, so features never import src/service.ts.
import type { Server } from 'node:http';
import type { Router } from 'express';
import type { BotRuntime } from './bot/runtime.js';
import type { ChannelSet } from './channels/registry.js';
import type { Config } from './config/config.js';
import type { ContentLibrary } from './editorial/library.js';
import type { TicketContext } from './services/tickets/index.js';
import type { KeyedQueueWorker } from './workers/keyed-queue-worker.js';

/** Everything the running service owns, for features to plug into and for tests to inspect. */
export interface RunningService {
  config: Config;
  url: string;
  server: Server;
  runtime: BotRuntime;
  /** The published content (FAQ, topics, documents, events, reception schedule), kept current. */
  content: ContentLibrary;
  channels: ChannelSet;
  inboxWorker: KeyedQueueWorker;
  outboxWorker: KeyedQueueWorker;
  /** The ticket services' context of this service: its calendar (kept current by the console), time limits, clock. */
  tickets: TicketContext;
  /** Stops accepting requests, finishes work in hand, closes the database; bounded in time. */
  stop(): Promise<void>;
}

/** The parts of the running service a feature is given at setup. */
export type ServiceCore = Omit<RunningService, 'server' | 'url' | 'stop'>;

/** A router a feature mounts at `path`. */
export interface MountedRouter {
  path: string;
  router: Router;
}

/** What a feature's setup hands back: routers to mount, if any. */
type FeatureSetup = { routers?: MountedRouter[] } | void;

/** A feature that adds routes, gates or background work to the service (web chat, console, jobs). */
export interface Feature {
  name: string;
  /** Called before the HTTP server starts (awaited when it returns a promise). */
  setup(service: ServiceCore): FeatureSetup | Promise<FeatureSetup>;
  /** Called after the server listens. */
  start?(): Promise<void>;
  stop?(): Promise<void>;
}
