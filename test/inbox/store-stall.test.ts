import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { InboundEvent } from '../../src/channels/types.js';
import { connectDatabase, disconnectDatabase } from '../../src/db/connect.js';
import { InboxEventModel } from '../../src/db/models/inbox-event.js';
import { startLocalFerretDb, type LocalFerretDb } from '../../src/db/local-ferretdb.js';
import { storeInboundEvents } from '../../src/inbox/store.js';

/** The FerretDB process listening on `port` (Linux /proc), to pause it. */
function serverPid(port: number): number | undefined {
  const pid = readdirSync('/proc').find((p) => /^\d+$/.test(p) && readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(`--listen-addr=127.0.0.1:${port}`));
  return pid === undefined ? undefined : Number(pid);
}

const event = (id: string): InboundEvent => ({ channel: 'zalo', eventId: id, userId: 'p1', timestamp: Date.now(), type: 'message', text: id, raw: {} });

describe('an inbox write that takes long', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'caunoi-stall-'));
  let db: LocalFerretDb | undefined;
  let pid: number | undefined;

  afterAll(async () => {
    if (pid) process.kill(pid, 'SIGCONT');
    await disconnectDatabase();
    await db?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('when the database stalls for a few seconds, then the webhooks waiting to be stored are all stored once it answers again, none refused and none twice', async () => {
    db = await startLocalFerretDb({ port: 0, dataDir });
    pid = serverPid(db.port);
    expect(pid).toBeDefined();
    await connectDatabase(`${db.uri}/stall`);
    await storeInboundEvents([event('before')]);

    process.kill(pid!, 'SIGSTOP'); // the server keeps its connections but answers nothing
    const pending: Promise<unknown>[] = [];
    for (let i = 0; i < 7; i += 1) {
      pending.push(storeInboundEvents([event(`during-${i}`)]));
      await new Promise((r) => setTimeout(r, 1_000)); // one webhook a second, past the 5 s a write may hold the others up
    }
    process.kill(pid!, 'SIGCONT');
    pid = undefined;

    const outcomes = await Promise.allSettled(pending);
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : o.reason))).toEqual(Array.from({ length: 7 }, () => ({ stored: 1, duplicates: 0 })));
    expect(await InboxEventModel.countDocuments({ eventId: /^during-/ })).toBe(7);
    expect(await storeInboundEvents([event('during-0'), event('after')])).toEqual({ stored: 1, duplicates: 1 });
  }, 60_000);
});
