import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChannelParts } from '../../src/channels/build.js';
import { startFakeZalo, type FakeZalo } from '../fakes/zalo/server.js';
import { ChannelTokenModel } from '../../src/db/models/channel-token.js';
import { createJobsFeature, type JobsFeature } from '../../src/jobs/feature.js';
import { runJobOnce } from '../../src/jobs/run.js';
import type { RunningService } from '../../src/service.js';
import { dropTestDatabase, testDatabaseUri } from '../support/database.js';
import { startTestService } from '../support/service.js';

const NEVER = '0 3 1 1 *';
let fake: FakeZalo;

beforeAll(async () => {
  fake = await startFakeZalo();
});
afterAll(async () => {
  await fake?.close();
});

async function start(label: string, env: Record<string, string>): Promise<{ service: RunningService; jobs: JobsFeature; uri: string }> {
  const uri = testDatabaseUri(label);
  let jobs: JobsFeature | undefined;
  const service = await startTestService({
    mongodbUri: uri,
    env: {
      ...fake.serviceEnv(),
      JOB_DEADLINE_DIGEST_CRON: NEVER,
      JOB_EVENT_REMINDER_CRON: NEVER,
      JOB_BROADCAST_CRON: NEVER,
      JOB_RETENTION_CRON: NEVER,
      JOB_ZALO_TOKEN_REFRESH_CRON: NEVER,
      ...env,
    },
    channels: buildChannelParts,
    features: (config) => [(jobs = createJobsFeature(config))],
  });
  return { service, jobs: jobs!, uri };
}

describe('jobs feature', () => {
  it('when jobs are on and Zalo is configured, then every job is scheduled, the Zalo token refresh included, and its run checks the channel’s own token pair', async () => {
    const { service, jobs, uri } = await start('jobs_feature_on', { JOBS_ENABLED: 'true' });
    try {
      expect(jobs.jobs.map((j) => `${j.name} ${j.cron}`)).toEqual([
        `deadline-digest ${NEVER}`,
        `event-reminders ${NEVER}`,
        `news-dispatch ${NEVER}`,
        `retention ${NEVER}`,
        `zalo-token-refresh ${NEVER}`,
      ]);
      const refresh = jobs.jobs.find((j) => j.name === 'zalo-token-refresh')!;
      const outcome = await runJobOnce(refresh);
      // A fresh pair is not due: the run read (and stored) the channel's pair and left it.
      expect(outcome).toMatchObject({ status: 'ok', counts: { refreshed: 0 } });
      expect((await ChannelTokenModel.findById('zalo').lean())?.accessToken).toBe(fake.currentTokens().accessToken);
      expect(fake.refreshCalls).toHaveLength(0);
    } finally {
      await service.stop();
      await dropTestDatabase(uri);
    }
  });

  it('when JOBS_ENABLED=false, then this instance schedules nothing', async () => {
    const { service, jobs, uri } = await start('jobs_feature_off', { JOBS_ENABLED: 'false' });
    try {
      expect(jobs.jobs).toEqual([]);
    } finally {
      await service.stop();
      await dropTestDatabase(uri);
    }
  });
});
