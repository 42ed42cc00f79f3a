import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { afterAll, beforeAll, inject } from 'vitest';
import { connectDatabase, disconnectDatabase } from '../../src/db/connect.js';

/** A fresh database name on the run's FerretDB server. */
export function testDatabaseUri(label: string): string {
  const base = inject('mongoUri');
  return `${base}/t_${label.replace(/[^a-z0-9]/gi, '_').slice(0, 20)}_${randomBytes(4).toString('hex')}`;
}

/**
 * Connects the process-wide mongoose connection to a database of its own for this test file,
 * with all indexes created, and drops it afterwards.
 */
export function useTestDatabase(label: string): { uri: string } {
  const handle = { uri: testDatabaseUri(label) };
  beforeAll(async () => {
    await connectDatabase(handle.uri);
  });
  afterAll(async () => {
    await mongoose.connection.dropDatabase().catch((err: unknown) => console.warn('could not drop test database', err));
    await disconnectDatabase();
  });
  return handle;
}

/** Removes every document from every collection (between tests of one file). */
export async function clearDatabase(): Promise<void> {
  const db = mongoose.connection.db!;
  const collections = await db.collections();
  await Promise.all(collections.map((c) => c.deleteMany({})));
}

/** Drops a test database that a started service used (the service disconnected on stop). */
export async function dropTestDatabase(uri: string): Promise<void> {
  const connection = await mongoose.createConnection(uri).asPromise();
  await connection.dropDatabase();
  await connection.close();
}
