import mongoose from 'mongoose';
import { DatabaseUnavailableError } from '../errors.js';
import { log } from '../log.js';
import { allModels } from './models/index.js';
import { waitAtMost } from '../timeout.js';

export interface ConnectOptions {
  /** How long an operation waits for a reachable server before failing (ms). */
  serverSelectionTimeoutMS?: number;
}

/**
 * Connects the process-wide mongoose connection and creates every index before returning,
 * so unique constraints hold from the first request. Commands are not buffered while the
 * database is away: callers get an error at once and can answer 503 instead of hanging.
 */
export async function connectDatabase(uri: string, options: ConnectOptions = {}): Promise<void> {
  mongoose.set('strictQuery', true);
  await mongoose.connect(uri, {
    bufferCommands: false,
    autoIndex: false,
    autoCreate: true,
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? 3_000,
    // The driver learns that a restarted server is back only from its monitor's next check. A
    // check caught by the restart waits out its timeout (30 s by default) and meanwhile every
    // operation fails server selection; bounding it brings the service back within seconds.
    connectTimeoutMS: 5_000,
    heartbeatFrequencyMS: 2_000,
    // Command events feed the per-collection command counter in /metrics (and let tests check
    // which commands a turn sends).
    monitorCommands: true,
    // Off unless the URI asks for it: FerretDB (local and tests) has no retryable writes, while a
    // production MongoDB URI with `retryWrites=true` keeps them, smoothing replica-set failovers.
    ...(/[?&]retryWrites=true/i.test(uri) ? {} : { retryWrites: false }),
  });
  await Promise.all(allModels.map((model) => model.createIndexes()));
  log.info({ module: 'db', db: mongoose.connection.name }, 'database connected, indexes ready');
}

export async function disconnectDatabase(): Promise<void> {
  await mongoose.disconnect();
}

/** Pings the database; resolves false (never throws) when it does not answer within `timeoutMs`. */
export async function pingDatabase(timeoutMs = 1_500): Promise<{ ok: boolean; reason?: string }> {
  const db = mongoose.connection.db;
  if (!db || mongoose.connection.readyState !== mongoose.ConnectionStates.connected) return { ok: false, reason: 'not connected' };
  try {
    const answered = await waitAtMost(db.admin().command({ ping: 1 }), timeoutMs);
    return answered.done ? { ok: true } : { ok: false, reason: `no answer within ${timeoutMs} ms` };
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : String(err) };
  }
}

const UNAVAILABLE_NAMES =
  /^(MongoServerSelectionError|MongooseServerSelectionError|MongoNetworkError|MongoNotConnectedError|MongoTopologyClosedError|MongoNetworkTimeoutError|MongoPoolClearedError|PoolClearedOnNetworkError|MongoServerClosedError|MongoPoolClosedError|MongoWaitQueueTimeoutError)$/;
/** The driver's own classes for "cannot reach the server now" (subclasses, such as a pool cleared by a network error, included). */
const UNAVAILABLE_CLASSES = [
  mongoose.mongo.MongoNetworkError,
  mongoose.mongo.MongoServerSelectionError,
  mongoose.mongo.MongoNotConnectedError,
  mongoose.mongo.MongoTopologyClosedError,
  mongoose.mongo.MongoServerClosedError,
];
/** Network failures as they surface inside other driver errors (e.g. a bulk write cut off mid-way). */
const UNAVAILABLE_MESSAGES =
  /buffering timed out|Client must be connected|connection .* closed|ECONNREFUSED|ECONNRESET|EPIPE|socket hang up|socket has been ended|interrupted due to server monitor timeout|context canceled/i;
/**
 * Server codes meaning "not now" rather than "never": a replica set electing a new primary, a
 * server shutting down, a host not reachable from the primary.
 */
const TRANSIENT_CODES = new Set([6, 7, 89, 91, 189, 9001, 10107, 11600, 11602, 13435, 13436]);

/** The error inside another: its `cause`, or the driver error a bulk write wraps (`errorResponse`). */
function underlying(err: Error): unknown {
  if (err.cause !== undefined) return err.cause;
  const response = (err as { errorResponse?: unknown }).errorResponse;
  return response instanceof Error ? response : undefined;
}

/**
 * True when the error means the database cannot be reached or is changing hands (network
 * failures, server selection timeouts, replica set elections, a server shutting down), so the
 * caller should answer 503 or retry later instead of treating it as a bug. Looks into `cause`.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let current = err, depth = 0; current instanceof Error && depth < 4; current = underlying(current), depth += 1) {
    if (current instanceof DatabaseUnavailableError) return true;
    if (UNAVAILABLE_NAMES.test(current.name) || UNAVAILABLE_CLASSES.some((type) => current instanceof type)) return true;
    // Only the driver's own errors: a platform API refusing a connection is not the database.
    if (/^Mongo/.test(current.name) && UNAVAILABLE_MESSAGES.test(current.message)) return true;
    // Botkit rethrows a handler's error as `Error(String(err))`: only "Name: message" is left of it.
    const rethrown = current.name === 'Error' ? /^(Mongo\w*|PoolClearedOnNetworkError): ([^]*)$/.exec(current.message) : null;
    if (rethrown && (UNAVAILABLE_NAMES.test(rethrown[1]!) || UNAVAILABLE_MESSAGES.test(rethrown[2]!))) return true;
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'number' && TRANSIENT_CODES.has(code)) return true;
    const labelled = current as { hasErrorLabel?: (label: string) => boolean };
    if (typeof labelled.hasErrorLabel === 'function' && (labelled.hasErrorLabel('ResetPool') || labelled.hasErrorLabel('RetryableWriteError'))) return true;
  }
  return false;
}

export { isDuplicateKey } from './errors.js';
