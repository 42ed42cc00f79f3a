import type { Botkit } from 'botkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChannelParts } from '../../src/channels/build.js';
import { postZaloEvent, startFakeZalo, zaloTextEvent, type FakeZalo } from '../fakes/zalo/server.js';
import { AuditEntryModel } from '../../src/db/models/audit-entry.js';
import { ContactModel } from '../../src/db/models/contact.js';
import { InboxRecordModel } from '../../src/db/models/inbox-record.js';
import { OutboxRecordModel } from '../../src/db/models/outbox-message.js';
import { TranscriptMessageModel } from '../../src/db/models/transcript-message.js';
import { appendTranscriptLine } from '../../src/services/transcript.js';
import { createTicket } from '../../src/services/tickets/index.js';
import { waitUntil } from '../support/recording-channel.js';
import { addStaff, ADMIN, DEPT_A, DEPT_B, openEventStream, signedIn, startConsoleService, type ConsoleClient, type ConsoleTestService } from './support.js';

let t: ConsoleTestService;
let fake: FakeZalo;
let officer: ConsoleClient;
let colleague: ConsoleClient;
let lead: ConsoleClient;
let stranger: ConsoleClient;

/** A bot whose every answer is recognisable. */
function echoBot(controller: Botkit): void {
  controller.on('message', async (bot, message) => {
    await bot.reply(message, { text: `Bot: ${message.text ?? ''}` });
  });
}

/** The person writes on Zalo; resolves once the message is handled and whatever it caused has gone out. */
async function personWrites(userId: string, text: string): Promise<void> {
  expect((await postZaloEvent(`${t.url}/webhooks/zalo`, zaloTextEvent({ userId, text }))).status).toBe(200);
  await waitUntil(
    async () =>
      (await InboxRecordModel.countDocuments({ contactKey: `zalo:${userId}`, status: 'pending' })) === 0 &&
      (await OutboxRecordModel.countDocuments({ contactKey: `zalo:${userId}`, status: 'pending' })) === 0,
    10_000,
    'message handled',
  );
}

function textsTo(userId: string): string[] {
  return fake.messagesTo(userId).map((m) => m.body.message.text ?? '');
}

async function ticketFor(userId: string, department: 'A' | 'B' = 'A') {
  await personWrites(userId, 'Xin chào');
  return createTicket(t.service.tickets, {
    kind: 'question',
    topic: department === 'A' ? 'do-luong' : 'so-huu-tri-tue',
    question: 'Tôi cần hỏi trực tiếp cán bộ',
    contactKey: `zalo:${userId}`,
    channel: 'zalo',
    language: 'vi',
  });
}

beforeAll(async () => {
  fake = await startFakeZalo();
  t = await startConsoleService('console_takeover', {
    env: {
      ...fake.serviceEnv(),
      TAKEOVER_IDLE_MINUTES: '5',
    },
    channels: buildChannelParts,
    registerFlows: echoBot,
    settings: { takeoverSweepMs: 200 },
  });
  officer = await signedIn(t.url, await addStaff('lan.nt', 'officer', DEPT_A));
  colleague = await signedIn(t.url, await addStaff('hung.pv', 'officer', DEPT_A));
  lead = await signedIn(t.url, await addStaff('truong.a', 'lead', DEPT_A));
  stranger = await signedIn(t.url, await addStaff('minh.tv', 'officer', DEPT_B));
});
afterAll(async () => {
  await t?.stop();
  await fake?.close();
});

describe('live takeover', () => {
  it("when an officer takes over, then the bot stays quiet, the person's messages reach the console and the officer's reach the person", async () => {
    const ticket = await ticketFor('8001');
    expect(textsTo('8001')).toEqual(['Bot: Xin chào']);
    const stream = await openEventStream(t.url, officer);
    try {
      const start = await officer.post(`/console/tickets/${ticket.id}/takeover/start`);
      expect(start.status).toBe(303);
      expect(start.location).toBe(`/console/tickets/${ticket.id}/takeover?ok=takeover`);
      const page = await officer.get(`/console/tickets/${ticket.id}/takeover`);
      expect(page.text).toContain('Bạn đang trò chuyện trực tiếp với người dân');
      await waitUntil(() => textsTo('8001').length === 2, 10_000, 'takeover notice');
      expect(textsTo('8001')[1]).toContain('Cán bộ Cán bộ lan.nt của Sở Khoa học và Công nghệ đang trực tiếp trò chuyện');

      await personWrites('8001', 'Cho tôi hỏi phí kiểm định cân');
      const heard = await stream.waitFor((e) => e.type === 'takeover.message' && e.data.author === 'person');
      expect(heard.data).toMatchObject({ contactKey: 'zalo:8001', ticketId: ticket.id, text: 'Cho tôi hỏi phí kiểm định cân', staffUsername: 'lan.nt' });
      expect(textsTo('8001')).toHaveLength(2);

      // The page's script posts JSON with the CSRF header; a repeat of the same form id sends once.
      const first = await officer.postJson(`/console/tickets/${ticket.id}/takeover/message`, {
        text: 'Phí kiểm định cân theo Thông tư của Bộ Tài chính, tôi gửi bảng phí ngay.',
        clientId: 'form00000001',
      });
      expect(first.status).toBe(202);
      expect(JSON.parse(first.text)).toMatchObject({ queued: true, created: true });
      const repeat = await officer.postJson(`/console/tickets/${ticket.id}/takeover/message`, {
        text: 'Phí kiểm định cân theo Thông tư của Bộ Tài chính, tôi gửi bảng phí ngay.',
        clientId: 'form00000001',
      });
      expect(JSON.parse(repeat.text)).toMatchObject({ created: false });
      await waitUntil(() => textsTo('8001').length === 3, 10_000, 'officer message delivered');
      expect(textsTo('8001')[2]).toBe('Phí kiểm định cân theo Thông tư của Bộ Tài chính, tôi gửi bảng phí ngay.');
      await stream.waitFor((e) => e.type === 'takeover.message' && e.data.author === 'staff');
      const line = await TranscriptMessageModel.findOne({ contactKey: 'zalo:8001', author: 'staff', staffId: 'lan.nt', text: /Thông tư/ }).lean();
      expect(line).not.toBeNull();

      // Someone else's conversation still gets the bot.
      await personWrites('8002', 'Tôi là người khác');
      expect(textsTo('8002')).toEqual(['Bot: Tôi là người khác']);

      // Nobody else takes it over meanwhile, and other departments cannot even see it.
      const taken = await colleague.post(`/console/tickets/${ticket.id}/takeover/start`);
      expect(taken.status).toBe(409);
      expect(taken.text).toContain('đang do Cán bộ lan.nt trực tiếp xử lý');
      expect((await colleague.postJson(`/console/tickets/${ticket.id}/takeover/message`, { text: 'chen vào', clientId: 'form00000002' })).status).toBe(409);
      expect((await stranger.post(`/console/tickets/${ticket.id}/takeover/end`)).status).toBe(404);
      expect((await ContactModel.findOne({ key: 'zalo:8001' }).lean())!.takeover?.staffId).toBe('lan.nt');

      // Handing back: the person is told and the bot answers again.
      const end = await officer.post(`/console/tickets/${ticket.id}/takeover/end`);
      expect(end.location).toBe(`/console/tickets/${ticket.id}?ok=handed_back`);
      await stream.waitFor((e) => e.type === 'takeover.ended' && e.data.reason === 'staff');
      await waitUntil(() => textsTo('8001').length === 4, 10_000, 'hand-back notice');
      expect(textsTo('8001')[3]).toContain('Cán bộ đã kết thúc cuộc trò chuyện trực tiếp');
      await personWrites('8001', 'Cảm ơn');
      expect(textsTo('8001').at(-1)).toBe('Bot: Cảm ơn');
    } finally {
      stream.close();
    }
    const audit = (await AuditEntryModel.find({ targetType: 'contact', targetId: 'zalo:8001' }).sort({ at: 1 }).lean()).map((a) => `${a.actor} ${a.action}`);
    expect(audit).toEqual(['lan.nt takeover.start', 'lan.nt takeover.message', 'lan.nt takeover.end']);
  });

  it('when a takeover has been idle too long and the person writes, then it hands back by itself and the bot answers', async () => {
    const ticket = await ticketFor('8003');
    await officer.post(`/console/tickets/${ticket.id}/takeover/start`);
    await waitUntil(() => textsTo('8003').length === 2, 10_000, 'takeover notice');
    await personWrites('8003', 'Cán bộ còn đó không?');
    expect(textsTo('8003')).toHaveLength(2);
    // The officer walked away six minutes ago (the limit is five).
    await ContactModel.updateOne({ key: 'zalo:8003' }, { $set: { 'takeover.lastActivityAt': new Date(Date.now() - 6 * 60_000) } });
    // The sweep would do it too; the person's message decides first here.
    await t.console.stop?.();
    try {
      await personWrites('8003', 'Alo?');
      const texts = textsTo('8003');
      expect(texts.at(-2)).toContain('Cán bộ đã kết thúc cuộc trò chuyện trực tiếp');
      expect(texts.at(-1)).toBe('Bot: Alo?');
      expect((await ContactModel.findOne({ key: 'zalo:8003' }).lean())!.takeover?.staffId).toBeUndefined();
      const ended = await AuditEntryModel.findOne({ targetId: 'zalo:8003', action: 'takeover.end' }).lean();
      expect(ended).toMatchObject({ actor: 'system', details: { reason: 'idle', heldBy: 'lan.nt' } });
    } finally {
      await t.console.start?.();
    }
  });

  it('when a takeover is left idle and the person says nothing, then the periodic sweep hands it back and the holder is told', async () => {
    const ticket = await ticketFor('8004');
    await officer.post(`/console/tickets/${ticket.id}/takeover/start`);
    const stream = await openEventStream(t.url, officer);
    try {
      await ContactModel.updateOne({ key: 'zalo:8004' }, { $set: { 'takeover.lastActivityAt': new Date(Date.now() - 6 * 60_000) } });
      const ended = await stream.waitFor((e) => e.type === 'takeover.ended' && e.data.contactKey === 'zalo:8004', 5_000);
      expect(ended.data).toMatchObject({ reason: 'idle', ticketId: ticket.id });
      expect((await ContactModel.findOne({ key: 'zalo:8004' }).lean())!.takeover?.staffId).toBeUndefined();
      await waitUntil(() => textsTo('8004').some((text) => text.includes('Cán bộ đã kết thúc cuộc trò chuyện trực tiếp')), 10_000, 'hand-back notice');
      await personWrites('8004', 'Tiếp tục');
      expect(textsTo('8004').at(-1)).toBe('Bot: Tiếp tục');
    } finally {
      stream.close();
    }
  });

  it('when an officer forgets a conversation, then their lead can hand it back, but another officer cannot', async () => {
    const ticket = await ticketFor('8005');
    await officer.post(`/console/tickets/${ticket.id}/takeover/start`);
    const refused = await colleague.post(`/console/tickets/${ticket.id}/takeover/end`);
    expect(refused.status).toBe(409);
    expect((await lead.post(`/console/tickets/${ticket.id}/takeover/end`)).status).toBe(303);
    expect((await ContactModel.findOne({ key: 'zalo:8005' }).lean())!.takeover?.staffId).toBeUndefined();
    expect(await AuditEntryModel.findOne({ targetId: 'zalo:8005', action: 'takeover.end' }).lean()).toMatchObject({
      actor: 'truong.a',
      details: { reason: 'staff', heldBy: 'lan.nt' },
    });
  });

  it('when a ticket is closed, then nobody can take over the conversation from it until it is reopened', async () => {
    const ticket = await ticketFor('8101');
    expect((await officer.post(`/console/tickets/${ticket.id}/close`, { reason: 'Đã giải đáp qua điện thoại' })).status).toBe(303);
    const refused = await officer.post(`/console/tickets/${ticket.id}/takeover/start`);
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('Phiếu này đã đóng');
    expect((await ContactModel.findOne({ key: 'zalo:8101' }).lean())?.takeover?.staffId ?? undefined).toBeUndefined();
    expect((await officer.post(`/console/tickets/${ticket.id}/reopen`, { reason: 'Người dân hỏi thêm' })).status).toBe(303);
    expect((await officer.post(`/console/tickets/${ticket.id}/takeover/start`)).status).toBe(303);
    expect((await officer.post(`/console/tickets/${ticket.id}/takeover/end`)).status).toBe(303);
  });

  it("when a person's earlier conversation belongs to another department's ticket, then an officer sees only this ticket's part and an admin sees all", async () => {
    await personWrites('8102', 'Tôi muốn đăng ký nhãn hiệu cho sản phẩm của công ty');
    const earlier = await createTicket(t.service.tickets, {
      kind: 'question',
      topic: 'so-huu-tri-tue',
      question: 'Đăng ký nhãn hiệu thế nào?',
      contactKey: 'zalo:8102',
      channel: 'zalo',
      language: 'vi',
    });
    // That conversation took place three days ago; another line was written for that ticket today.
    await TranscriptMessageModel.updateMany({ contactKey: 'zalo:8102' }, { $set: { at: new Date(Date.now() - 3 * 86_400_000) } });
    await appendTranscriptLine('zalo:8102', {
      direction: 'out',
      author: 'staff',
      staffId: 'minh.tv',
      text: 'Hồ sơ nhãn hiệu của Quý công ty cần bổ sung',
      at: new Date(),
      ticketId: earlier.id,
    });
    const ticket = await ticketFor('8102');
    const page = await officer.get(`/console/tickets/${ticket.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Xin chào');
    expect(page.text).not.toContain('đăng ký nhãn hiệu cho sản phẩm');
    expect(page.text).not.toContain('Hồ sơ nhãn hiệu của Quý công ty cần bổ sung');
    const takeoverPage = await officer.get(`/console/tickets/${ticket.id}/takeover`);
    expect(takeoverPage.text).not.toContain('đăng ký nhãn hiệu cho sản phẩm');
    const admin = await signedIn(t.url, ADMIN);
    const full = await admin.get(`/console/tickets/${ticket.id}`);
    expect(full.text).toContain('đăng ký nhãn hiệu cho sản phẩm');
    expect(full.text).toContain('Hồ sơ nhãn hiệu của Quý công ty cần bổ sung');
  });
});
