import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postZaloEvent, zaloTextEvent } from '../fakes/zalo/server.js';
import { InboxRecordModel } from '../../src/db/models/inbox-record.js';
import type { RunningService } from '../../src/service.js';
import { dropTestDatabase, testDatabaseUri } from '../support/database.js';
import { startEchoService, startFakes, type Fakes } from '../reliability/support/platforms.js';

const uri = testDatabaseUri('webhook_replay');
let fakes: Fakes;
let service: RunningService;
const DAY = 86_400_000;

beforeAll(async () => {
  fakes = await startFakes();
  service = await startEchoService(uri, fakes, {});
});
afterAll(async () => {
  await service?.stop();
  await fakes?.close();
  await dropTestDatabase(uri);
});

describe('signed webhooks played back later', () => {
  it('when a validly signed event is older than the inbox remembers, or dated in the future, then it is acknowledged but never processed', async () => {
    // Captured 15 days ago: its duplicate record (14 days) is gone, its signature still checks out.
    const replayed = zaloTextEvent({ userId: '9301', text: 'Xóa dữ liệu của tôi', timestamp: Date.now() - 15 * DAY });
    const fromTheFuture = zaloTextEvent({ userId: '9302', text: 'Xin chào', timestamp: Date.now() + DAY });
    const fresh = zaloTextEvent({ userId: '9303', text: 'Xin chào' });
    for (const event of [replayed, fromTheFuture, fresh]) expect((await postZaloEvent(`${service.url}/webhooks/zalo`, event)).status).toBe(200);
    expect(await InboxRecordModel.countDocuments({ eventId: replayed.message!.msg_id })).toBe(0);
    expect(await InboxRecordModel.countDocuments({ eventId: fromTheFuture.message!.msg_id })).toBe(0);
    expect(await InboxRecordModel.countDocuments({ eventId: fresh.message!.msg_id })).toBe(1);
  });

  it('when the platform redelivers an event from yesterday, then it is still taken', async () => {
    const late = zaloTextEvent({ userId: '9304', text: 'Tin gửi lại', timestamp: Date.now() - DAY });
    expect((await postZaloEvent(`${service.url}/webhooks/zalo`, late)).status).toBe(200);
    expect(await InboxRecordModel.countDocuments({ eventId: late.message!.msg_id })).toBe(1);
  });
});
