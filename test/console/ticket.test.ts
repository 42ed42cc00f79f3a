import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChannelParts } from '../../src/channels/build.js';
import { postZaloEvent, startFakeZalo, zaloTextEvent, type FakeZalo } from '../fakes/zalo/server.js';
import { ContactModel } from '../../src/db/models/contact.js';
import { InboxRecordModel } from '../../src/db/models/inbox-record.js';
import { OutboxRecordModel } from '../../src/db/models/outbox-message.js';
import { createTicket } from '../../src/services/tickets/index.js';
import { waitUntil } from '../support/recording-channel.js';
import { addStaff, DEPT_A, DEPT_B, openEventStream, signedIn, startConsoleService, type ConsoleClient, type ConsoleTestService } from './support.js';

let t: ConsoleTestService;
let fake: FakeZalo;
let officerA: ConsoleClient;
let officerB: ConsoleClient;

/** A question about measurement filed for the Zalo person `userId`, through the service's ticket context. */
function zaloQuestion(userId: string, question: string, extra: { contact?: { phone?: string; email?: string } } = {}) {
  return createTicket(t.service.tickets, {
    kind: 'question',
    topic: 'do-luong',
    question,
    contactKey: `zalo:${userId}`,
    channel: 'zalo',
    language: 'vi',
    ...extra,
  });
}

async function zaloPerson(userId: string, text = 'Xin chào'): Promise<void> {
  const res = await postZaloEvent(`${t.url}/webhooks/zalo`, zaloTextEvent({ userId, text }));
  expect(res.status).toBe(200);
  // The bot has handled the message and its replies have gone out.
  await waitUntil(
    async () =>
      (await InboxRecordModel.countDocuments({ contactKey: `zalo:${userId}`, status: 'pending' })) === 0 &&
      (await ContactModel.countDocuments({ key: `zalo:${userId}` })) === 1 &&
      (await OutboxRecordModel.countDocuments({ contactKey: `zalo:${userId}`, status: 'pending' })) === 0,
    10_000,
    'message handled',
  );
}

async function deliveryOf(
  client: ConsoleClient,
  ticketId: string,
): Promise<{ status: string; pending: boolean; deliveries: { status: string }[]; html: string }> {
  let last: { status: string; pending: boolean; deliveries: { status: string }[]; html: string } | undefined;
  await waitUntil(
    async () => {
      last = JSON.parse((await client.get(`/console/api/tickets/${ticketId}/deliveries`, { Accept: 'application/json' })).text) as typeof last;
      return last!.deliveries.length > 0 && !last!.pending;
    },
    15_000,
    'answer delivery settled',
  );
  return last!;
}

beforeAll(async () => {
  fake = await startFakeZalo();
  t = await startConsoleService('console_ticket', {
    env: {
      ...fake.serviceEnv(),
      ZALO_BUTTONS: 'numbered',
    },
    channels: buildChannelParts,
  });
  officerA = await signedIn(t.url, await addStaff('lan.nt', 'officer', DEPT_A));
  officerB = await signedIn(t.url, await addStaff('minh.tv', 'officer', DEPT_B));
});
afterAll(async () => {
  await t?.stop();
  await fake?.close();
});

describe('ticket page: answers and their delivery', () => {
  it('when an officer answers, then the person receives it on Zalo, the page shows it sent, the ticket answered and who answered', async () => {
    await zaloPerson('7001');
    const ticket = await zaloQuestion('7001', 'Đồng hồ nước nhà tôi chạy nhanh, kiểm định ở đâu?');
    const before = fake.messagesTo('7001').length;
    const answer = 'Ông/bà liên hệ Chi cục TCĐLCL để được kiểm định lại đồng hồ nước.';
    const res = await officerA.post(`/console/tickets/${ticket.id}/answer`, { text: answer, n: '1' });
    expect(res.status).toBe(303);
    expect(res.location).toBe(`/console/tickets/${ticket.id}?ok=answered#deliveries`);
    // A second submit of the same form (double click, retry) queues nothing more.
    expect((await officerA.post(`/console/tickets/${ticket.id}/answer`, { text: answer, n: '1' })).status).toBe(303);
    const delivery = await deliveryOf(officerA, ticket.id);
    expect(delivery.deliveries.map((d) => d.status)).toEqual(['sent']);
    const received = fake
      .messagesTo('7001')
      .slice(before)
      .map((m) => m.body.message.text ?? '');
    expect(received.filter((text) => text.includes(answer))).toHaveLength(1);
    expect(received.join('\n')).toContain(ticket.code);
    const page = await officerA.get(`/console/tickets/${ticket.id}`);
    expect(page.text).toContain('<span class="badge status-answered">Đã trả lời</span>');
    expect(page.text).toMatch(/<strong>Trả lời<\/strong> · Cán bộ lan\.nt <span class="muted">\(lan\.nt\)<\/span>/);
    expect(page.text).toContain('<li class="delivery delivery-sent" data-status="sent"><strong>Đã gửi</strong>');
  });

  it("when the person's Zalo window has closed, then the answer is held with the reason and the phone and email they gave", async () => {
    await ContactModel.create({
      key: 'zalo:7002',
      channel: 'zalo',
      userId: '7002',
      firstSeenAt: new Date(Date.now() - 20 * 86_400_000),
      lastInboundAt: new Date(Date.now() - 10 * 86_400_000),
    });
    const ticket = await zaloQuestion('7002', 'Hỏi về cân', { contact: { phone: '0912 345 678', email: 'nguoi.dan@example.vn' } });
    await officerA.post(`/console/tickets/${ticket.id}/answer`, { text: 'Câu trả lời đến muộn', n: '1' });
    const delivery = await deliveryOf(officerA, ticket.id);
    expect(delivery.deliveries.map((d) => d.status)).toEqual(['held']);
    expect(delivery.html).toContain('Bị giữ lại');
    expect(delivery.html).toContain('Đã quá thời hạn Zalo cho phép gửi tin tư vấn');
    expect(delivery.html).toContain('href="tel:0912345678">0912 345 678</a>');
    expect(delivery.html).toContain('href="mailto:nguoi.dan@example.vn"');
    expect(fake.messagesTo('7002')).toHaveLength(0);
  });

  it('when Zalo refuses the answer for good, then the page says it failed and how else to reach the person', async () => {
    await zaloPerson('7003');
    const ticket = await zaloQuestion('7003', 'Hỏi tiếp');
    fake.failNextSends(1, -213, 'User has not followed OA');
    await officerA.post(`/console/tickets/${ticket.id}/answer`, { text: 'Trả lời sẽ bị từ chối', n: '1' });
    const delivery = await deliveryOf(officerA, ticket.id);
    expect(delivery.deliveries.map((d) => d.status)).toEqual(['failed']);
    expect(delivery.html).toContain('Gửi thất bại');
    expect(delivery.html).toContain('Người dân không để lại số điện thoại hay email');
    expect(await OutboxRecordModel.countDocuments({ ticketId: ticket.id, status: 'failed' })).toBe(1);
  });

  it('when an answer is empty or the ticket is closed, then the page says why and keeps what was typed', async () => {
    await zaloPerson('7004');
    const ticket = await zaloQuestion('7004', 'Một câu hỏi');
    const empty = await officerA.post(`/console/tickets/${ticket.id}/answer`, { text: '   ', n: '1' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('Hãy điền câu trả lời.');
    await officerA.post(`/console/tickets/${ticket.id}/close`);
    const closed = await officerA.post(`/console/tickets/${ticket.id}/answer`, { text: 'Bản nháp <quan trọng>', n: '1' });
    expect(closed.status).toBe(409);
    expect(closed.text).toContain('Bản nháp &lt;quan trọng&gt;</textarea>');
  });

  it('when an answer is sent with a wrong answer number, then the page names the field and keeps the typed answer', async () => {
    await zaloPerson('7005');
    const ticket = await zaloQuestion('7005', 'Câu hỏi thứ hai');
    const wrong = await officerA.post(`/console/tickets/${ticket.id}/answer`, { text: 'Trả lời về đo lường', n: 'hai' });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('Số thứ tự câu trả lời phải là số nguyên từ 1 đến 1000.');
    expect(wrong.text).toContain('Trả lời về đo lường</textarea>');
  });
});

describe('live notifications', () => {
  it("when a ticket arrives in a department, then its staff hear of it at once and another department's staff do not", async () => {
    const streamA = await openEventStream(t.url, officerA);
    const streamB = await openEventStream(t.url, officerB);
    try {
      const forA = await createTicket(t.service.tickets, {
        kind: 'question',
        topic: 'do-luong',
        question: 'Câu hỏi mới cho phòng A',
        contactKey: 'zalo:7100',
        channel: 'zalo',
        language: 'vi',
      });
      const forB = await createTicket(t.service.tickets, {
        kind: 'question',
        topic: 'so-huu-tri-tue',
        question: 'Câu hỏi mới cho phòng B',
        contactKey: 'zalo:7101',
        channel: 'zalo',
        language: 'vi',
      });
      const heard = await streamA.waitFor((e) => e.type === 'ticket.new' && e.data.ticketId === forA.id);
      expect(heard.data).toMatchObject({ code: forA.code, departmentCode: DEPT_A, excerpt: 'Câu hỏi mới cho phòng A' });
      await streamB.waitFor((e) => e.type === 'ticket.new' && e.data.ticketId === forB.id);
      // Events reach every stream in order: once A hears of a later ticket of its own, it would have heard of B's.
      const laterForA = await createTicket(t.service.tickets, {
        kind: 'question',
        topic: 'do-luong',
        question: 'Câu hỏi sau cho phòng A',
        contactKey: 'zalo:7102',
        channel: 'zalo',
        language: 'vi',
      });
      await streamA.waitFor((e) => e.type === 'ticket.new' && e.data.ticketId === laterForA.id);
      expect(streamA.events.some((e) => e.data.ticketId === forB.id)).toBe(false);
      expect(streamB.events.some((e) => e.data.ticketId === forA.id)).toBe(false);
    } finally {
      streamA.close();
      streamB.close();
    }
  });

  it('when a person writes again after their ticket was answered, then the department hears of the reply', async () => {
    await zaloPerson('7200');
    const ticket = await zaloQuestion('7200', 'Câu hỏi sẽ được trả lời');
    await officerA.post(`/console/tickets/${ticket.id}/answer`, { text: 'Đây là câu trả lời.', n: '1' });
    const streamA = await openEventStream(t.url, officerA);
    const streamB = await openEventStream(t.url, officerB);
    try {
      await zaloPerson('7200', 'Cảm ơn, nhưng tôi chưa rõ phần phí kiểm định');
      const reply = await streamA.waitFor((e) => e.type === 'ticket.reply');
      expect(reply.data).toMatchObject({ ticketId: ticket.id, code: ticket.code, excerpt: 'Cảm ơn, nhưng tôi chưa rõ phần phí kiểm định' });
      // The feed hands each event to every stream at once, in order: once B hears of a later
      // ticket, it would already have heard of the reply had it been meant for B.
      const later = await createTicket(t.service.tickets, {
        kind: 'question',
        topic: 'so-huu-tri-tue',
        question: 'Câu hỏi sau cho phòng B',
        contactKey: 'zalo:7201',
        channel: 'zalo',
        language: 'vi',
      });
      await streamB.waitFor((e) => e.type === 'ticket.new' && e.data.ticketId === later.id);
      expect(streamB.events.filter((e) => e.type === 'ticket.reply')).toEqual([]);
    } finally {
      streamA.close();
      streamB.close();
    }
  });
});
