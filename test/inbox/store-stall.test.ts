import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { InboundEvent } from '../../src/channels/types.js';
import { connectDatabase, disconnectDatabase, isDatabaseUnavailable } from '../../src/db/connect.js';
import { InboxRecordModel } from '../../src/db/models/inbox-record.js';
import { startLocalFerretDb, type LocalFerretDb } from '../../src/db/local-ferretdb.js';
import { storeInboundEvents } from '../../src/inbox/store.js';
import { updateOneWithOthers } from '../../src/db/batched-writes.js';

/** The FerretDB process listening on `port` (Linux /proc), to pause it. */
function serverPid(port: number): number | undefined {
  const pid = readdirSync('/proc').find((p) => /^\d+$/.test(p) && readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(`--listen-addr=127.0.0.1:${port}`));
  return pid === undefined ? undefined : Number(pid);
}

const event = (id: string): InboundEvent => ({ channel: 'zalo', eventId: id, userId: 'p1', timestamp: Date.now(), type: 'message', text: id, raw: {} });

describe('an inbox write that never comes back', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'caunoi-stall-'));
  let db: LocalFerretDb | undefined;
  let pid: number | undefined;

  afterAll(async () => {
    if (pid) process.kill(pid, 'SIGCONT');
    await disconnectDatabase();
    await db?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('when the database stops answering, then the webhooks waiting to be stored are told it is unavailable within the time limit, and storing works again once it answers', async () => {
    db = await startLocalFerretDb({ port: 0, dataDir });
    pid = serverPid(db.port);
    expect(pid).toBeDefined();
    await connectDatabase(`${db.uri}/stall`);
    await storeInboundEvents([event('before')]);

    process.kill(pid!, 'SIGSTOP'); // the server keeps its connections but answers nothing
    const started = Date.now();
    const outcomes = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => storeInboundEvents([event(`during-${i}`)])));
    const waited = Date.now() - started;
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected', 'rejected']);
    expect(outcomes.every((o) => o.status === 'rejected' && (o.reason as { code?: string }).code === 'database_unavailable')).toBe(true);
    // Each write waits at most 5 s for the database; the last caller waited behind one earlier write.
    expect(waited).toBeLessThan(15_000);

    process.kill(pid!, 'SIGCONT');
    pid = undefined;
    // A redelivery of an event whose slow insert did land is acknowledged as a duplicate, never stored twice.
    const again = await storeInboundEvents([event('during-0'), event('after')]);
    expect(again.stored + again.duplicates).toBe(2);
    expect(await InboxRecordModel.countDocuments({ eventId: 'during-0' })).toBe(1);
  }, 60_000);

  it("when a turn's write goes unanswered, then its writer and those queued behind it are told the database is unavailable, and later writes go through once it answers", async () => {
    pid = serverPid(db!.port);
    const settle = (id: string) => updateOneWithOthers(InboxRecordModel, { _id: id }, { $set: { status: 'done' } });
    process.kill(pid!, 'SIGSTOP');
    const outcomes = await Promise.allSettled([settle('zalo:during-0'), settle('zalo:during-1'), settle('zalo:during-2')]);
    expect(outcomes.every((o) => o.status === 'rejected' && isDatabaseUnavailable(o.reason))).toBe(true);

    process.kill(pid!, 'SIGCONT');
    pid = undefined;
    await settle('zalo:after');
    expect((await InboxRecordModel.findById('zalo:after').lean())?.status).toBe('done');
  }, 60_000);
});
