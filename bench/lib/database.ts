import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPid } from './cpu.js';
import { startLocalFerretDb, type LocalFerretDb } from '../../src/db/local-ferretdb.js';

/** The bench's own FerretDB, in a temporary directory, on a free port of 127.0.0.1. */
export interface BenchDatabase {
  server: LocalFerretDb;
  /** Process id of the FerretDB server (to count its CPU time). */
  pid: number | undefined;
  /** A fresh database on that server, for one target (`bench_<label>_<n>`). */
  uri(label: string): string;
  stop(): Promise<void>;
}

export async function startBenchDatabase(onProgress: (line: string) => void): Promise<BenchDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'caunoi-bench-db-'));
  const server = await startLocalFerretDb({ port: 0, dataDir, onProgress });
  let n = 0;
  return {
    server,
    pid: findPid(`--listen-addr=127.0.0.1:${server.port} `) ?? findPid(`--listen-addr=127.0.0.1:${server.port}`),
    uri: (label) => `${server.uri}/bench_${label.replace(/[^a-z0-9]/gi, '_')}_${++n}`,
    async stop() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
