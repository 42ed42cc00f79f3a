import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEntryModel } from '../../src/db/models/audit-entry.js';
import { EventRegistrationModel } from '../../src/db/models/event-registration.js';
import { OutboxRecordModel } from '../../src/db/models/outbox-message.js';
import { registerForEvent } from '../../src/services/events.js';
import { answerTicket, createTicket } from '../../src/services/tickets/index.js';
import { ContentDraftModel } from '../../src/db/models/content-draft.js';
import { readDraft } from '../../src/editorial/drafts.js';
import { markPublished, publishItems, readPublishedItem } from '../../src/editorial/store.js';
import { addStaff, DEPT_A, signedIn, type ConsoleClient } from '../console/support.js';
import { startEditorialService, type EditorialTestService } from './support.js';
import { testTickets } from '../support/tickets.js';

let t: EditorialTestService;
let editor: ConsoleClient;
let lead: ConsoleClient;
let officer: ConsoleClient;

beforeAll(async () => {
  t = await startEditorialService('editorial_console');
  editor = await signedIn(t.url, await addStaff('bientap.hoa', 'editor', DEPT_A));
  lead = await signedIn(t.url, await addStaff('lanhdao.minh', 'lead', DEPT_A));
  officer = await signedIn(t.url, await addStaff('chuyenvien.an', 'officer', DEPT_A));
});
afterAll(async () => t?.stop());

const entry = {
  topic: 'do-luong',
  questionVi: 'Cân tiểu ly ở tiệm vàng có phải kiểm định không?',
  questionEn: 'Must the scales in a gold shop be verified?',
  answerVi: 'Có. Cân dùng trong mua bán vàng là phương tiện đo nhóm 2, phải kiểm định trước khi dùng và định kỳ.',
  answerEn: 'Yes. Scales used to trade gold are category 2 measuring instruments and must be verified before use and periodically.',
  sources: 'khong-co-van-ban | Điều 16',
  reviewedAt: '2026-12-01',
};

describe('editing content in the console', () => {
  it('when an officer opens the content pages, then they are refused; an editor sees the FAQ', async () => {
    expect((await officer.get('/console/content')).status).toBe(403);
    const page = await editor.get('/console/content');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Phương tiện đo nhóm 2 là gì?');
    expect(page.text).toContain('href="/console/content"');
  });

  it('when an editor drafts an entry citing an unknown document, then the page names the field and the problem, and it cannot be published', async () => {
    const form = await editor.get('/console/content/faq/new?topic=do-luong');
    expect(form.status).toBe(200);
    const action = /action="(\/console\/content\/faq\/do-luong-\d+)"/.exec(form.text)![1]!;
    const saved = await editor.post(action, entry);
    expect(saved.status).toBe(303);
    const page = await editor.get(saved.location!);
    expect(page.text).toContain('Đã lưu bản nháp');
    expect(page.text).toContain('<strong>Căn cứ, dòng 1</strong>: unknown document &quot;khong-co-van-ban&quot;');
    expect(page.text).toContain('id="draft-submit" disabled');

    const refused = await editor.post(`/console/content/drafts/${encodeURIComponent(`faq:${action.split('/').at(-1)}`)}/submit`);
    expect(refused.location).toMatch(/problems=[1-9]/);
  });

  it('when the editor fixes it and sends it for review, then only a lead publishes it, with who and when, and the bot has it', async () => {
    const form = await editor.get('/console/content/faq/new?topic=do-luong');
    const key = /action="\/console\/content\/faq\/(do-luong-\d+)"/.exec(form.text)![1]!;
    const id = `faq:${key}`;
    await editor.post(`/console/content/faq/${key}`, { ...entry, sources: 'luat-04-2011-qh13 | Điều 16' });
    const page = await editor.get(`/console/content/faq/${key}`);
    expect(page.text).not.toContain('id="problems"');
    expect(page.text).toContain('id="preview-vi"');
    expect(page.text).toContain('Cân tiểu ly ở tiệm vàng');
    expect(page.text).not.toContain('id="draft-publish"');

    expect((await editor.post(`/console/content/drafts/${encodeURIComponent(id)}/submit`)).location).toContain('ok=submitted');
    expect((await readDraft(id))?.status).toBe('review');
    expect((await editor.post(`/console/content/drafts/${encodeURIComponent(id)}/publish`)).status).toBe(403);
    expect(t.service.content.current().content.faqById.has(key)).toBe(false);

    const published = await lead.post(`/console/content/drafts/${encodeURIComponent(id)}/publish`);
    expect(published.location).toContain('ok=published');
    expect(await readDraft(id)).toBeUndefined();
    expect(await readPublishedItem(id)).toMatchObject({ version: 1, publishedBy: 'lanhdao.minh' });
    expect(t.service.content.current().search.search('can tieu ly tiem vang kiem dinh')[0]).toMatchObject({ id: key, confidence: 'strong' });
    expect(await AuditEntryModel.countDocuments({ action: 'content.publish', targetId: id })).toBe(1);
  });

  it('when a lead restores an earlier version, then it is published again as a new version', async () => {
    const id = 'faq:do-luong-01';
    const before = await readPublishedItem(id);
    const form = await editor.get('/console/content/faq/do-luong-01');
    expect(form.text).toContain('Phiên bản 1');
    const fields = Object.fromEntries(
      [...form.text.matchAll(/<textarea id="(\w+)" name="\w+" rows="\d+">([^<]*)<\/textarea>/g)].map((m) => [
        m[1]!,
        m[2]!
          .replace(/&amp;/g, '&')
          .replace(/&quot;/g, '"')
          .replace(/&#39;/g, "'")
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>'),
      ]),
    );
    await editor.post('/console/content/faq/do-luong-01', {
      ...fields,
      topic: 'do-luong',
      reviewedAt: '2026-12-02',
      answerVi: 'Câu trả lời tạm thời để thử khôi phục phiên bản.',
    });
    await lead.post(`/console/content/drafts/${encodeURIComponent(id)}/publish`);
    expect(t.service.content.current().content.faqById.get('do-luong-01')?.answer.vi).toBe('Câu trả lời tạm thời để thử khôi phục phiên bản.');

    expect((await editor.post(`/console/content/items/${encodeURIComponent(id)}/restore`, { version: '1' })).status).toBe(403);
    expect((await lead.post(`/console/content/items/${encodeURIComponent(id)}/restore`, { version: '1' })).location).toContain('ok=restored');
    const after = await readPublishedItem(id);
    expect(after?.value).toEqual(before?.value);
    expect(after?.history.map((h) => h.source)).toEqual(['files', 'console', 'restore']);
  });

  it('when an event is edited as file text with its end before its start, then the problem is shown and nothing is saved as published', async () => {
    const id = 'event:hoi-thao-luat-chat-luong-2026-12';
    const page = await editor.get(`/console/content/items/${encodeURIComponent(id)}`);
    expect(page.status).toBe(200);
    const published = await readPublishedItem(id);
    const value = { ...published!.value, endsAt: '2020-01-01T08:00:00+07:00' };
    await editor.post(`/console/content/items/${encodeURIComponent(id)}`, { json: JSON.stringify(value) });
    const shown = await editor.get(`/console/content/items/${encodeURIComponent(id)}`);
    expect(shown.text).toContain('endsAt</strong>: must be after startsAt');
    expect((await lead.post(`/console/content/drafts/${encodeURIComponent(id)}/publish`)).location).toContain('problems=');
    expect((await readPublishedItem(id))?.version).toBe(published!.version);
  });

  it('when a lead cancels an event, then its registrants are told and listed no more, and the event is no longer offered; the CSV listed them before', async () => {
    const eventId = 'tap-huan-so-huu-tri-tue-2027-01';
    const event = t.service.content.current().content.events.events.find((e) => e.id === eventId)!;
    for (const [n, name] of [
      [1, 'Trần Văn Bình'],
      [2, 'Lê Thị Cúc'],
    ] as const) {
      expect((await registerForEvent({ event, contactKey: `zalo:dk-${n}`, channel: 'zalo', name, phone: `090000000${n}` })).outcome).toBe('registered');
    }
    const page = await lead.get(`/console/content/items/${encodeURIComponent(`event:${eventId}`)}`);
    expect(page.text).toContain('<strong id="registrant-count">2</strong>');
    const csv = await lead.get(`/console/content/events/${eventId}/registrants.csv`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.text.split('\r\n').slice(1, 3)).toEqual([
      expect.stringContaining('1,Trần Văn Bình,0900000001,zalo'),
      expect.stringContaining('2,Lê Thị Cúc,0900000002,zalo'),
    ]);

    expect((await editor.post(`/console/content/events/${eventId}/cancel`, { reason: 'Giảng viên ốm' })).status).toBe(403);
    expect((await lead.post(`/console/content/events/${eventId}/cancel`, { reason: 'Giảng viên ốm' })).location).toContain('ok=cancelled');
    const notices = await OutboxRecordModel.find({ contactKey: { $in: ['zalo:dk-1', 'zalo:dk-2'] }, purpose: 'notice' }).lean();
    expect(notices).toHaveLength(2);
    for (const notice of notices)
      expect((notice.message as { text: string }).text).toMatch(new RegExp(`${event.title.vi}[\\s\\S]*đã bị huỷ[\\s\\S]*Lý do: Giảng viên ốm`));
    expect(await EventRegistrationModel.countDocuments({ eventId, status: 'registered' })).toBe(0);
    expect(await EventRegistrationModel.countDocuments({ eventId, name: { $exists: true } })).toBe(0);
    expect(t.service.content.current().content.events.events.some((e) => e.id === eventId)).toBe(false);
  });

  it('when an editor opens the queue or a ticket of their department, then the queue sends them to the content pages and the ticket is forbidden', async () => {
    const ticket = await createTicket(testTickets, {
      kind: 'question',
      topic: 'do-luong',
      question: 'Ông Trần Văn Bình hỏi về kiểm định đồng hồ nước',
      contactKey: 'zalo:editor-check',
      channel: 'zalo',
      language: 'vi',
    });
    expect(ticket.departmentCode).toBe(DEPT_A);
    const queue = await editor.get('/console/queue');
    expect(queue.status).toBe(303);
    expect(queue.location).toBe('/console/content');
    const page = await editor.get(`/console/tickets/${ticket.id}`);
    expect([403, 404]).toContain(page.status);
    expect(page.text).not.toContain('Trần Văn Bình');
  });

  it('when an officer opens a ticket, then the closest FAQ entries and earlier answers of their own department are suggested without personal details, and an answer can be proposed as an FAQ draft', async () => {
    // The department comes from routing: measurement goes to DEPT_A, startups elsewhere.
    const ask = async (topic: string, question: string, contact?: { name: string; phone: string }) =>
      createTicket(testTickets, { kind: 'question', topic, question, contactKey: `zalo:${Math.random()}`, channel: 'zalo', language: 'vi', contact });
    const admin = { username: 'quantri', displayName: 'Quản trị', role: 'admin' as const };
    const earlier = await ask('do-luong', 'Tôi là Phạm Văn Tùng, cân điện tử ở sạp chợ nhà tôi hết hạn kiểm định thì làm sao?', {
      name: 'Phạm Văn Tùng',
      phone: '0912345678',
    });
    await answerTicket(testTickets, earlier.id, 'Ông Phạm Văn Tùng mang cân đến Chi cục để kiểm định lại; cần hỏi thêm gọi 0912345678.', admin);
    const otherDepartment = await ask('khoi-nghiep-dmst', 'Cân điện tử ở chợ hết hạn kiểm định thì làm sao?');
    await answerTicket(testTickets, otherDepartment.id, 'Câu trả lời của phòng khác không được hiện.', admin);
    const current = await ask('do-luong', 'Cân điện tử của chợ hết hạn kiểm định phải làm gì ạ?');
    expect([earlier.departmentCode, current.departmentCode, otherDepartment.departmentCode]).toEqual([DEPT_A, DEPT_A, expect.not.stringMatching(DEPT_A)]);

    const res = await officer.request('GET', `/console/api/tickets/${current.id}/suggestions`, { headers: { Accept: 'application/json' } });
    expect(res.status).toBe(200);
    const body = JSON.parse(res.text) as { faq: { source: string }[]; answers: { title: string; text: string }[]; proposeAction?: string };
    expect(body.faq).toHaveLength(3);
    expect(body.faq.every((f) => f.source.length > 0)).toBe(true);
    expect(body.answers).toHaveLength(1);
    expect(body.answers[0]!.text).toBe('Ông … mang cân đến Chi cục để kiểm định lại; cần hỏi thêm gọi ….');
    expect(body.answers[0]!.title).not.toContain('Tùng');
    expect(body.proposeAction).toBeUndefined();
    expect((await officer.request('GET', `/console/api/tickets/${otherDepartment.id}/suggestions`, { headers: { Accept: 'application/json' } })).status).toBe(
      404,
    );
    expect((await officer.get(`/console/tickets/${current.id}`)).text).toContain('id="suggestions"');

    const proposed = await officer.postJson(`/console/api/tickets/${earlier.id}/propose-faq`, {});
    expect(proposed.status).toBe(201);
    const draft = await ContentDraftModel.findById((JSON.parse(proposed.text) as { draft: string }).draft).lean();
    expect(draft).toMatchObject({ status: 'draft', createdBy: 'chuyenvien.an', origin: { kind: 'ticket', ref: earlier.id } });
    expect(draft!.json).not.toContain('Tùng');
    expect(draft!.json).not.toContain('0912345678');
    expect((await officer.postJson(`/console/api/tickets/${earlier.id}/propose-faq`, {})).status).toBe(409);
  });

  it('when the published entry changes after a draft of it was started, then the draft warns before anyone publishes over it', async () => {
    const id = 'faq:do-luong-03';
    const form = await editor.get('/console/content/faq/do-luong-03');
    const fields = Object.fromEntries(
      [...form.text.matchAll(/<textarea id="(\w+)" name="\w+" rows="\d+">([^<]*)<\/textarea>/g)].map((m) => [
        m[1]!,
        m[2]!
          .replace(/&amp;/g, '&')
          .replace(/&quot;/g, '"')
          .replace(/&#39;/g, "'")
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>'),
      ]),
    );
    await editor.post('/console/content/faq/do-luong-03', { ...fields, topic: 'do-luong', reviewedAt: '2026-12-03' });
    expect((await editor.get('/console/content/faq/do-luong-03')).text).not.toContain('id="draft-overtaken"');
    const published = await readPublishedItem(id);
    await publishItems(
      [{ id, kind: 'faq', key: 'do-luong-03', value: { ...published!.value, reviewedAt: '2026-12-02' } }],
      { username: 'import', displayName: 'Nhập từ tệp' },
      'import',
    );
    await markPublished({ username: 'import', displayName: 'Nhập từ tệp' });
    expect((await lead.get('/console/content/faq/do-luong-03')).text).toContain('id="draft-overtaken"');
  });
});
