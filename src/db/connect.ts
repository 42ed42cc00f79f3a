import mongoose from 'mongoose';
import { DatabaseUnavailableError } from '../errors.js';
import { log } from '../log.js';
import { allModels } from './models/index.js';

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
    // FerretDB speaks the wire protocol but has no retryable-writes session support on SQLite.
    retryWrites: false,
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
  if (!db || mongoose.connection.readyState !== 1) return { ok: false, reason: 'not connected' };
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      db.admin().command({ ping: 1 }),
      new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs); }),
    ]);
    return { ok: true };
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
  }
}

/** Wraps a database call so driver errors surface as a typed, retryable {@link DatabaseUnavailableError}. */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (err instanceof DatabaseUnavailableError) return true;
  const name = err instanceof Error ? err.name : '';
  return /MongoServerSelectionError|MongoNetworkError|MongoNotConnectedError|MongoTopologyClosedError|MongoNetworkTimeoutError/.test(name)
    || (err instanceof Error && /buffering timed out|Client must be connected|connection .* closed|ECONNREFUSED/i.test(err.message));
}

export { isDuplicateKey } from './errors.js';
