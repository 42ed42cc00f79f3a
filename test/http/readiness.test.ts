import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startLocalFerretDb, type LocalFerretDb } from '../../src/db/local-ferretdb.js';
import type { RunningService } from '../../src/service.js';
import { restartablePort } from '../support/ports.js';
import { startTestService } from '../support/service.js';

async function readyStatus(url: string): Promise<{ status: number; body: { database?: string } }> {
  const res = await fetch(`${url}/readyz`);
  return { status: res.status, body: (await res.json()) as { database?: string } };
}

async function waitFor<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await probe();
  while (!accept(last) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    last = await probe();
  }
  return last;
}

describe('readiness', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'caunoi-ready-'));
  let db: LocalFerretDb | undefined;
  let service: RunningService | undefined;

  afterAll(async () => {
    await service?.stop();
    await db?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("when the database stops, then /readyz answers 503 without the driver's error text, and 200 again once it returns", async () => {
    const port = await restartablePort();
    db = await startLocalFerretDb({ port, dataDir });
    service = await startTestService({ mongodbUri: `${db.uri}/readiness` });
    expect((await readyStatus(service.url)).status).toBe(200);

    await db.stop();
    const down = await waitFor(
      () => readyStatus(service!.url),
      (r) => r.status === 503,
      10_000,
    );
    expect(down.status).toBe(503);
    // Hosts, ports and driver messages are for the log, not for whoever asks.
    expect(down.body).toEqual({ status: 'unavailable', database: 'unavailable' });
    expect((await fetch(`${service.url}/healthz`)).status).toBe(200);

    db = await startLocalFerretDb({ port, dataDir });
    const up = await waitFor(
      () => readyStatus(service!.url),
      (r) => r.status === 200,
      30_000,
    );
    expect(up.status).toBe(200);
  }, 60_000);
});
