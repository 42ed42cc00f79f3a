import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startLocalFerretDb, type LocalFerretDb } from '../../src/db/local-ferretdb.js';
import { restartablePort } from '../support/ports.js';
import type { RunningService } from '../../src/service.js';
import { waitUntil } from '../support/recording-channel.js';
import { repliesOf, report, tallyByText } from './support/ledger.js';
import { echoOf, startEchoService, startFakes, type Fakes } from './support/platforms.js';
import { makePeople, Traffic, type Delivery } from './support/traffic.js';

const OUTAGE_MS = 10_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const textOf = (d: Delivery) => ('text' in d.event.said ? d.event.said.text : '');

describe('database outage under steady webhook traffic', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'caunoi-outage-'));
  let db: LocalFerretDb | undefined;
  let fakes: Fakes | undefined;
  let service: RunningService | undefined;

  afterAll(async () => {
    await service?.stop();
    await fakes?.close();
    await db?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('when the database stops for 10 s and comes back, then webhooks answer 503 meanwhile and every message is answered exactly once after', async () => {
    const port = await restartablePort();
    db = await startLocalFerretDb({ port, dataDir });
    fakes = await startFakes();
    service = await startEchoService(`${db.uri}/outage`, fakes);
    const url = service.url;

    const traffic = new Traffic({
      people: makePeople(4),
      ratePerSecond: 10,
      say: (p, k) => ({ text: `tin ${p.userId.slice(-6)} số ${k}` }),
      target: () => url,
    });
    traffic.start();
    await sleep(3_000);

    await db.stop();
    const downAt = Date.now();
    // While the database is away the process stays alive and says so.
    await sleep(OUTAGE_MS / 2);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/readyz`)).status).toBe(503);
    await sleep(OUTAGE_MS / 2);

    // Requests waiting on the database may be stored as soon as it listens, before the start call returns.
    const restartingAt = Date.now();
    db = await startLocalFerretDb({ port, dataDir });
    const upAt = Date.now();
    await sleep(2_000);
    await traffic.stop(30_000);

    // Every attempt made while the database was down was refused with 503: nothing acknowledged unstored.
    const duringOutage = traffic.deliveries
      .flatMap((d) => d.statuses.map((status, i) => ({ status, started: d.startedAt[i]!, answered: d.answeredAt[i]! })))
      .filter((a) => a.started > downAt && a.answered < restartingAt);
    // Some attempts fall wholly inside the outage (each may wait seconds for the database, so a loaded machine makes few).
    expect(duringOutage.length).toBeGreaterThanOrEqual(3);
    expect(duringOutage.filter((a) => a.status !== 503)).toEqual([]);
    expect(traffic.deliveries.filter((d) => !d.acked)).toHaveLength(0);

    const tally = () => tallyByText(traffic.deliveries, repliesOf(fakes!.zalo, fakes!.graph), (d) => echoOf(textOf(d)));
    const recoveredAt = await waitUntil(() => tally().lost === 0, 50_000, 'every acknowledged message answered').then(
      () => Date.now(),
      () => undefined,
    );
    // Give a late duplicate the chance to show up before counting.
    await sleep(1_500);
    const final = tally();
    report('database outage', final, {
      statuses: traffic.statusCounts(),
      refusedWhileDown: duringOutage.length,
      allAnsweredSecondsAfterRestart: recoveredAt ? Math.round((recoveredAt - upAt) / 100) / 10 : 'never',
    });
    expect(final.sent).toBeGreaterThan(100);
    expect(final.lost).toBe(0);
    expect(final.duplicates).toBe(0);
    expect(final.received).toBe(final.sent);
  }, 90_000);
});
