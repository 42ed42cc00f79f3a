import mongoose from 'mongoose';
import { afterAll, describe, expect, it } from 'vitest';
import { connectDatabase, disconnectDatabase } from '../../src/db/connect.js';
import { InboxRecordModel } from '../../src/db/models/inbox-record.js';
import { OutboxRecordModel } from '../../src/db/models/outbox-message.js';
import { dropTestDatabase, testDatabaseUri } from '../support/database.js';
import { startInstance, type Instance } from '../support/instance.js';
import { waitUntil } from '../support/recording-channel.js';
import { checkSequences, trackDialog } from './support/dialog.js';
import { repliesOf, report, type Reply } from './support/ledger.js';
import { platformEnv, startFakes, type Fakes } from './support/platforms.js';
import { makePeople, Traffic } from './support/traffic.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Replies sent twice because the process died between the platform accepting a message and the
 * outbox recording it. No platform takes an idempotency key, so this one case cannot be closed;
 * it is allowed only for a first copy accepted just before the kill and a second sent by the
 * restarted process. The fakes run in this process and stamp a request when they read it, which
 * may be after the kill was asked for; the dead process cannot send once the restart begins.
 */
function resentAfterKill(replies: Reply[], killedAt: number, restartBegunAt: number): { inDoubt: Reply[]; rest: Reply[] } {
  const inDoubt: Reply[] = [];
  const rest: Reply[] = [];
  const last = new Map<string, Reply>();
  for (const r of [...replies].sort((a, b) => a.at - b.at)) {
    const key = `${r.platform}:${r.userId}`;
    const previous = last.get(key);
    const straddles = previous !== undefined && previous.at > killedAt - 2_000 && previous.at <= restartBegunAt && r.at > restartBegunAt;
    if (straddles && previous.text === r.text) inDoubt.push(r);
    else rest.push(r);
    last.set(key, r);
  }
  return { inDoubt, rest };
}

describe('process killed mid-traffic', () => {
  const uri = testDatabaseUri('crash');
  let fakes: Fakes | undefined;
  let app: Instance | undefined;

  afterAll(async () => {
    await app?.kill();
    await fakes?.close();
    await dropTestDatabase(uri);
  });

  it('when the process is killed with SIGKILL and started again, then every message is answered once, in order, and the dialogs go on', async () => {
    fakes = await startFakes();
    // Short leases so that the people the dead process was serving are taken over within seconds.
    const env = { ...platformEnv(fakes), INBOX_LEASE_MS: '4000', OUTBOX_LEASE_MS: '4000' };
    app = await startInstance({ mongodbUri: uri, env, name: 'app' });
    const url = app.url;
    const dialog = trackDialog();
    const traffic = new Traffic({ people: makePeople(4), ratePerSecond: 10, say: dialog.say, target: () => url });
    traffic.start();
    await sleep(5_000);

    const killedAt = Date.now();
    await app.kill();
    expect((await app.exited()).signal).toBe('SIGKILL');
    await sleep(500);
    const restartBegunAt = Date.now();
    app = await startInstance({ mongodbUri: uri, env, port: app.port, name: 'app-restarted' });
    const restartedAt = Date.now();
    await sleep(4_000);
    await traffic.stop(30_000);
    expect(traffic.deliveries.filter((d) => !d.acked)).toHaveLength(0);

    const check = () =>
      checkSequences(traffic.deliveries, resentAfterKill(repliesOf(fakes!.zalo, fakes!.graph), killedAt, restartBegunAt).rest, dialog.expected);
    await waitUntil(() => check().lost === 0, 40_000, 'every acknowledged message answered').catch(() => undefined);
    await sleep(1_500);
    const { inDoubt } = resentAfterKill(repliesOf(fakes.zalo, fakes.graph), killedAt, restartBegunAt);
    const final = check();
    report('SIGKILL and restart', final, {
      statuses: traffic.statusCounts(),
      downSeconds: Math.round((restartedAt - killedAt) / 100) / 10,
      resentBecauseAcceptedJustBeforeTheKill: inDoubt.length,
    });
    expect(final.sent).toBeGreaterThan(80);
    expect(final.mismatches).toEqual([]);
    expect(final.lost).toBe(0);
    expect(final.duplicates).toBe(0);
    // At most the sends in flight at the kill: one per person being served.
    expect(inDoubt.length).toBeLessThanOrEqual(2);

    // In the database: each event stored once and handled, no reply left behind or failed.
    await connectDatabase(uri);
    try {
      const inbox = await InboxRecordModel.find({}, { status: 1 }).lean();
      expect(inbox).toHaveLength(final.acknowledged);
      expect(inbox.filter((e) => e.status !== 'done')).toEqual([]);
      expect(await OutboxRecordModel.countDocuments({ status: { $ne: 'sent' } })).toBe(0);
    } finally {
      await disconnectDatabase();
    }
    expect(mongoose.connection.readyState).toBe(0);
  }, 90_000);
});
