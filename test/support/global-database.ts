import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startLocalFerretDb, type LocalFerretDb } from '../../src/db/local-ferretdb.js';

declare module 'vitest' {
  export interface ProvidedContext {
    mongoUri: string;
  }
}

let server: LocalFerretDb | undefined;
let dataDir: string | undefined;

/** Starts one throwaway FerretDB for the run, on a free port, in a temporary directory. */
export async function setup(project: TestProject): Promise<void> {
  dataDir = mkdtempSync(join(tmpdir(), 'caunoi-test-db-'));
  server = await startLocalFerretDb({ port: 0, dataDir, onProgress: (line) => console.log(line) });
  project.provide('mongoUri', server.uri);
}

export async function teardown(): Promise<void> {
  await server?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
