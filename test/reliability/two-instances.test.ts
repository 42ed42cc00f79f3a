import { afterAll, describe, expect, it } from 'vitest';
import { connectDatabase, disconnectDatabase } from '../../src/db/connect.js';
import { InboxRecordModel } from '../../src/db/models/inbox-record.js';
import { OutboxRecordModel } from '../../src/db/models/outbox-message.js';
import { dropTestDatabase, testDatabaseUri } from '../support/database.js';
import { startInstance, type Instance } from '../support/instance.js';
import { waitUntil } from '../support/recording-channel.js';
import { checkSequences, trackDialog } from './support/dialog.js';
import { repliesOf, report } from './support/ledger.js';
import { platformEnv, startFakes, type Fakes } from './support/platforms.js';
import { makePeople, Traffic } from './support/traffic.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Turns an instance finished, from its own /metrics. */
async function turnsDone(app: Instance): Promise<number> {
  const text = await (await fetch(`${app.url}/metrics`)).text();
  return [...text.matchAll(/^caunoi_turns_total\{[^}]*outcome="done"[^}]*\} (\d+)$/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
}

describe('two instances on one database', () => {
  const uri = testDatabaseUri('two_instances');
  let fakes: Fakes | undefined;
  const apps: Instance[] = [];

  afterAll(async () => {
    await Promise.all(apps.map((a) => a.stop()));
    await fakes?.close();
    await dropTestDatabase(uri);
  });

  it("when each person's messages alternate between two instances, then each is handled once, replies keep their order and the dialogs go on", async () => {
    fakes = await startFakes();
    const env = { ...platformEnv(fakes), ADMIN_USERNAME: 'quantri', ADMIN_PASSWORD: 'mat-khau-du-dai-42' };
    apps.push(...(await Promise.all([startInstance({ mongodbUri: uri, env, name: 'a' }), startInstance({ mongodbUri: uri, env, name: 'b' })])));
    const [a, b] = apps as [Instance, Instance];
    const dialog = trackDialog();
    // No sticky routing: a person's consecutive messages go to different instances, and so does a retry.
    const traffic = new Traffic({
      people: makePeople(4),
      ratePerSecond: 10,
      say: dialog.say,
      target: (delivery, attempt) => ((delivery.seq + attempt) % 2 === 0 ? a.url : b.url),
    });
    traffic.start();
    await sleep(10_000);
    await traffic.stop(30_000);
    expect(traffic.deliveries.filter((d) => !d.acked)).toHaveLength(0);

    const check = () => checkSequences(traffic.deliveries, repliesOf(fakes!.zalo, fakes!.graph), dialog.expected);
    await waitUntil(() => check().lost === 0, 40_000, 'every acknowledged message answered').catch(() => undefined);
    await sleep(1_500);
    const final = check();

    const turns = { a: await turnsDone(a), b: await turnsDone(b) };
    await connectDatabase(uri);
    try {
      const inbox = await InboxRecordModel.find({}, { status: 1, attempts: 1 }).lean();
      expect(inbox).toHaveLength(final.acknowledged);
      expect(inbox.filter((e) => e.status !== 'done' || e.attempts !== 1)).toEqual([]);
      expect(await OutboxRecordModel.countDocuments({ status: { $ne: 'sent' } })).toBe(0);
    } finally {
      await disconnectDatabase();
    }
    const byInstance = traffic.deliveries.reduce<Record<string, number>>((acc, d) => {
      const attempt = d.statuses.length - 1;
      const name = (d.seq + attempt) % 2 === 0 ? 'a' : 'b';
      acc[name] = (acc[name] ?? 0) + 1;
      return acc;
    }, {});
    report('two instances', final, { acknowledgedBy: byInstance, turnsBy: turns, statuses: traffic.statusCounts() });
    expect(byInstance.a).toBeGreaterThan(20);
    expect(byInstance.b).toBeGreaterThan(20);
    // Both instances ran turns, and together exactly one per event.
    expect(turns.a).toBeGreaterThan(0);
    expect(turns.b).toBeGreaterThan(0);
    expect(turns.a + turns.b).toBe(final.acknowledged);
    expect(final.sent).toBeGreaterThan(80);
    expect(final.mismatches).toEqual([]);
    expect(final.lost).toBe(0);
    expect(final.duplicates).toBe(0);
  }, 90_000);
});
