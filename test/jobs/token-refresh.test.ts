import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeZalo, type FakeZalo } from '../fakes/zalo/server.js';
import { ZaloTokenStore } from '../../src/channels/zalo/tokens.js';
import { JobRunModel } from '../../src/db/models/job-run.js';
import { runJobOnce } from '../../src/jobs/run.js';
import { tokenRefreshJob } from '../../src/jobs/token-refresh.js';
import { configFor } from '../channels/zalo/support.js';
import { useTestDatabase } from '../support/database.js';

useTestDatabase('jobs_zalo_tokens');

let fake: FakeZalo;
beforeAll(async () => {
  fake = await startFakeZalo();
});
afterAll(async () => {
  await fake?.close();
});

describe('Zalo token refresh job', () => {
  it('when the access token is close to expiry, then the job refreshes it once and records that; when it is not, the job leaves it', async () => {
    // A margin longer than the token's life: due now.
    const dueStore = new ZaloTokenStore(configFor(fake), { refreshMarginMs: 48 * 3_600_000 });
    const first = await runJobOnce(tokenRefreshJob('zalo', '*/30 * * * *', dueStore), { owner: 'instance-a' });
    expect(first).toMatchObject({ status: 'ok', counts: { refreshed: 1 } });
    expect(fake.refreshCalls.filter((c) => c.ok)).toHaveLength(1);

    const calmStore = new ZaloTokenStore(configFor(fake), { refreshMarginMs: 60_000 });
    const second = await runJobOnce(tokenRefreshJob('zalo', '*/30 * * * *', calmStore), { owner: 'instance-a' });
    expect(second).toMatchObject({ status: 'ok', counts: { refreshed: 0 } });
    expect(fake.refreshCalls).toHaveLength(1);
    expect(await JobRunModel.countDocuments({ job: 'zalo-token-refresh', outcome: 'ok' })).toBe(2);
  });

  it('when Zalo refuses the refresh, then the run is recorded as failed with the reason', async () => {
    const broken = new ZaloTokenStore(configFor(fake, { appSecret: 'wrong-secret' }), { refreshMarginMs: 48 * 3_600_000 });
    await JobRunModel.deleteMany({});
    // The stored pair is due; refreshing it with the wrong app secret fails.
    const outcome = await runJobOnce(tokenRefreshJob('zalo', '*/30 * * * *', broken), { owner: 'instance-b' });
    expect(outcome.status).toBe('failed');
    const run = await JobRunModel.findOne({ job: 'zalo-token-refresh' }).lean();
    expect(run).toMatchObject({ outcome: 'failed' });
    expect(run!.error).toMatch(/^ChannelAuthError: Zalo refused the token refresh/);
  });
});
