import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BroadcastModel } from '../../src/db/models/broadcast.js';
import { OutboxRecordModel } from '../../src/db/models/outbox-message.js';
import { ContactModel } from '../../src/db/models/contact.js';
import { dispatchNews } from '../../src/news/dispatch.js';
import { ADMIN, addStaff, type ConsoleClient, DEPT_A, signedIn } from '../console/support.js';
import { startServiceWithPages, type PagesService } from '../reports/console-service.js';
import { recordingChannel, waitUntil } from '../support/recording-channel.js';
import { TEST_RATES } from './support.js';

let world: PagesService;
let admin: ConsoleClient;
let officer: ConsoleClient;
const webchat = recordingChannel('webchat');

beforeAll(async () => {
  world = await startServiceWithPages('news_routes', {}, [webchat.parts]);
  admin = await signedIn(world.url, ADMIN);
  officer = await signedIn(world.url, await addStaff('chuyenvien', 'officer', DEPT_A));
  await ContactModel.create({
    key: 'webchat:v1',
    channel: 'webchat',
    userId: 'v1',
    firstSeenAt: new Date(),
    lastInboundAt: new Date(),
    subscriptions: ['do-luong'],
  });
  await ContactModel.create({
    key: 'webchat:v2',
    channel: 'webchat',
    userId: 'v2',
    firstSeenAt: new Date(),
    lastInboundAt: new Date(),
    subscriptions: ['do-luong'],
  });
});
afterAll(async () => {
  await world?.stop();
});

describe('news pages in the console', () => {
  it('when the office composes an item, then it is scheduled and its page shows the progress once sent', async () => {
    await admin.get('/console/news');
    const res = await admin.post('/console/news', {
      topic: 'do-luong',
      title: 'Kiểm định phương tiện đo miễn phí',
      text: 'Sở tổ chức kiểm định cân miễn phí tại chợ.',
      linkUrl: 'https://sokhcn.example.gov.vn/kiem-dinh',
    });
    expect(res.status).toBe(303);
    expect(res.location).toMatch(/^\/console\/news\/[0-9a-f]{24}\?ok=created$/);
    const item = await BroadcastModel.findOne({ title: 'Kiểm định phương tiện đo miễn phí' }).lean();
    expect(item).toMatchObject({ topic: 'do-luong', status: 'scheduled', createdBy: ADMIN.username });
    expect(item!.expiresAt.getTime() - item!.scheduledAt.getTime()).toBe(7 * 86_400_000);

    await dispatchNews({ policies: world.service.channels.policies, wakeOutbox: () => world.service.outboxWorker.wake(), rates: TEST_RATES });
    await waitUntil(async () => (await OutboxRecordModel.countDocuments({ broadcastId: item!._id.toString(), status: 'sent' })) === 2, 10_000, 'sent');
    await dispatchNews({ policies: world.service.channels.policies, wakeOutbox: () => world.service.outboxWorker.wake(), rates: TEST_RATES });
    const page = await admin.get(res.location!.replace('?ok=created', ''));
    expect(page.status).toBe(200);
    // Targeted, sent, waiting for next contact, in progress, expired, failed.
    expect(/<tbody><tr>(.*?)<\/tr>/.exec(page.text)?.[1]).toBe([2, 2, 0, 0, 0, 0].map((n) => `<td class="n">${n}</td>`).join(''));
    expect(webchat.textsTo('v1').some((t) => t.includes('Kiểm định phương tiện đo miễn phí'))).toBe(true);
  });

  it('when the form has a past time and no title, then the page shows every problem in Vietnamese and keeps what was typed', async () => {
    const res = await admin.post('/console/news', { topic: 'do-luong', title: '', text: 'Nội dung giữ lại', scheduledAt: '2020-01-01T08:00' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Hãy điền tiêu đề');
    expect(res.text).toContain('Nội dung giữ lại');
  });

  it('when an item is withdrawn, then it is marked cancelled and nobody left gets it', async () => {
    await admin.get('/console/news');
    const created = await admin.post('/console/news', {
      topic: 'do-luong',
      title: 'Tin sẽ thu hồi',
      text: 'Nội dung',
      scheduledAt: '2099-01-01T08:00',
      expiresAt: '2099-01-05T08:00',
    });
    const path = created.location!.replace('?ok=created', '');
    await admin.get(path);
    const res = await admin.post(`${path}/cancel`);
    expect(res.status).toBe(303);
    expect((await BroadcastModel.findById(path.split('/').pop()).lean())!.status).toBe('cancelled');
  });

  it('when an officer tries to send news, then it is refused', async () => {
    expect((await officer.get('/console/news')).status).toBe(403);
    expect((await officer.post('/console/news', { topic: 'do-luong', title: 'x', text: 'y' })).status).toBe(403);
  });
});
