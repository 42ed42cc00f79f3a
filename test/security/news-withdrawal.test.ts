import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BroadcastModel } from '../../src/db/models/broadcast.js';
import { ADMIN, addStaff, DEPT_A, DEPT_B, signedIn, type ConsoleClient } from '../console/support.js';
import { startServiceWithPages, type PagesService } from '../reports/console-service.js';

let world: PagesService;
let admin: ConsoleClient;
let lead: ConsoleClient;
let otherLead: ConsoleClient;

beforeAll(async () => {
  world = await startServiceWithPages('security_news_withdrawal', {}, []);
  admin = await signedIn(world.url, ADMIN);
  lead = await signedIn(world.url, await addStaff('truong.phong.a', 'lead', DEPT_A));
  otherLead = await signedIn(world.url, await addStaff('truong.phong.b', 'lead', DEPT_B));
});
afterAll(async () => {
  await world?.stop();
});

/** Composes a news item for next century (so nothing is sent) and returns its page path. */
async function compose(as: ConsoleClient, title: string): Promise<string> {
  await as.get('/console/news');
  const created = await as.post('/console/news', {
    topic: 'do-luong',
    title,
    text: 'Nội dung',
    scheduledAt: '2099-01-01T08:00',
    expiresAt: '2099-01-05T08:00',
  });
  expect(created.status).toBe(303);
  return created.location!.replace('?ok=created', '');
}

async function statusOf(path: string): Promise<string | undefined> {
  return (await BroadcastModel.findById(path.split('/').pop()).lean())?.status;
}

describe('who may withdraw a news item', () => {
  it('when a lead tries to withdraw an item an admin or another lead created, then it is refused and the item stays scheduled', async () => {
    const byAdmin = await compose(admin, 'Tin của quản trị');
    const byOther = await compose(otherLead, 'Tin của trưởng phòng khác');
    const page = await lead.get(byAdmin);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('Thu hồi tin');
    expect((await lead.post(`${byAdmin}/cancel`)).status).toBe(403);
    expect((await lead.post(`${byOther}/cancel`)).status).toBe(403);
    expect([await statusOf(byAdmin), await statusOf(byOther)]).toEqual(['scheduled', 'scheduled']);
  });

  it("when a lead withdraws their own item, or an admin anyone's, then it is withdrawn", async () => {
    const own = await compose(lead, 'Tin của chính trưởng phòng');
    await lead.get(own);
    expect((await lead.post(`${own}/cancel`)).status).toBe(303);
    const byOther = await compose(otherLead, 'Tin quản trị thu hồi');
    await admin.get(byOther);
    expect((await admin.post(`${byOther}/cancel`)).status).toBe(303);
    expect([await statusOf(own), await statusOf(byOther)]).toEqual(['cancelled', 'cancelled']);
  });
});
