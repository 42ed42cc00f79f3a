import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TicketModel } from '../../src/db/models/ticket.js';
import {
  answerTicket,
  closeTicket,
  createTicket,
  loadTicket,
  recordTicketState,
  reopenTicket,
  type CreateTicketInput,
  type StaffActor,
} from '../../src/services/tickets/index.js';
import { addStaff, DEPT_A, signedIn, startConsoleService, type ConsoleClient, type ConsoleTestService } from './support.js';

let t: ConsoleTestService;
let officer: ConsoleClient;
const HOUR = 3_600_000;
const ids: Record<string, string> = {};
const codes: Record<string, string> = {};

function question(overrides: Partial<CreateTicketInput>): CreateTicketInput {
  return { kind: 'question', topic: 'do-luong', question: 'Câu hỏi', contactKey: 'zalo:900', channel: 'zalo', language: 'vi', ...overrides };
}

/** Changes a stored ticket directly, as the fixtures need, and its copies with it. */
async function changeTicket(id: string, set: Record<string, unknown>): Promise<void> {
  await TicketModel.updateOne({ _id: id }, { $set: set });
  await recordTicketState(await loadTicket(id), t.service.tickets.calendar.timezone);
}

async function seed(name: string, input: CreateTicketInput, dueAt?: Date, createdAt?: Date): Promise<void> {
  const ticket = await createTicket(t.service.tickets, input, createdAt ? { now: createdAt } : {});
  if (dueAt) await changeTicket(ticket.id, { dueAt });
  ids[name] = ticket.id;
  codes[name] = ticket.code;
}

/** The ticket codes of the queue page, in the order shown. */
function codesOf(page: string): string[] {
  return [...page.matchAll(/<td data-label="Mã"><a href="\/console\/tickets\/[0-9a-f]{24}">([^<]+)<\/a>/g)].map((m) => m[1]!);
}

beforeAll(async () => {
  t = await startConsoleService('console_queue');
  const now = Date.now();
  await seed('later', question({ question: 'Thủ tục đăng ký kiểm định đồng hồ nước', contactKey: 'zalo:901' }), new Date(now + 20 * 24 * HOUR));
  await seed(
    'overdue',
    question({ question: 'Cân điện tử bán hàng ở chợ có phải kiểm định định kỳ không?', contactKey: 'zalo:902' }),
    new Date(now - 3 * 24 * HOUR),
    new Date(now - 30 * 24 * HOUR),
  );
  await seed(
    'soon',
    question({ question: 'Hỏi về nhãn hàng hoá nhập khẩu', topic: 'chat-luong', channel: 'messenger', contactKey: 'messenger:903' }),
    new Date(now + 2 * HOUR),
  );
  await seed(
    'petition',
    question({ kind: 'petition', question: 'Kiến nghị hỗ trợ doanh nghiệp công bố hợp quy', contactKey: 'zalo:904' }),
    new Date(now + 10 * 24 * HOUR),
  );
  await seed(
    'script',
    question({
      question: '<script>alert("xss")</script><img src=x onerror=alert(1)> Đo lường',
      contactKey: 'zalo:905',
      contact: { name: '<b>Nguyễn "Văn" A</b>', email: 'a@example.vn' },
      attachments: [{ type: 'image', url: 'https://files.example.vn/a.png', name: '<script>x</script>.png' }],
    }),
    new Date(now + 15 * 24 * HOUR),
  );
  await seed('answered', question({ question: 'Đã trả lời rồi', contactKey: 'zalo:906' }));
  await changeTicket(ids.answered!, { status: 'answered' });
  const account = await addStaff('lan.nt', 'officer', DEPT_A);
  officer = await signedIn(t.url, account);
});
afterAll(async () => {
  await t?.stop();
});

describe('department queue', () => {
  it('when an officer opens the queue, then new tickets come overdue first, due-soon next, each flagged, with counts per status', async () => {
    const page = await officer.get('/console/queue');
    expect(page.status).toBe(200);
    expect(codesOf(page.text)).toEqual([codes.overdue, codes.soon, codes.petition, codes.script, codes.later]);
    expect(page.text).toMatch(/<tr class="overdue">\s*<td data-label="Mã"><a href="[^"]+">KHCN/);
    expect(page.text).toContain('Quá hạn 3 ngày');
    expect(page.text).toContain('Sắp đến hạn (còn 2 giờ)');
    expect(page.text).toContain('<span class="count" data-status="new">5</span>');
    expect(page.text).toContain('<span class="count" data-status="answered">1</span>');
    expect(page.text).toContain('1 quá hạn');
    expect(page.text).toContain('1 sắp đến hạn');
    const answered = await officer.get('/console/queue?status=answered');
    expect(codesOf(answered.text)).toEqual([codes.answered]);
  });

  it('when the queue is filtered by kind, topic, channel and date, then only matching tickets show', async () => {
    expect(codesOf((await officer.get('/console/queue?kind=petition')).text)).toEqual([codes.petition]);
    expect(codesOf((await officer.get('/console/queue?topic=chat-luong')).text)).toEqual([codes.soon]);
    expect(codesOf((await officer.get('/console/queue?channel=messenger')).text)).toEqual([codes.soon]);
    const today = new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' });
    const recent = codesOf((await officer.get(`/console/queue?from=${today}&to=${today}`)).text);
    expect(recent).not.toContain(codes.overdue);
    expect(recent).toContain(codes.later);
    const old = codesOf((await officer.get('/console/queue?to=2000-01-01')).text);
    expect(old).toEqual([]);
  });

  it('when staff search without diacritics or by a code typed loosely, then the ticket is found and counts follow the search', async () => {
    const folded = await officer.get('/console/queue?q=can%20dien%20tu');
    expect(codesOf(folded.text)).toEqual([codes.overdue]);
    expect(folded.text).toContain('<span class="count" data-status="new">1</span>');
    expect(codesOf((await officer.get(`/console/queue?q=${encodeURIComponent('KIỂM ĐỊNH')}`)).text)).toEqual([codes.overdue, codes.later]);
    expect(codesOf((await officer.get('/console/queue?q=hop%20quy')).text)).toEqual([codes.petition]);
    const [, year, n] = /^KHCN-(\d{4})-(\d+)$/.exec(codes.soon!)!;
    expect(codesOf((await officer.get(`/console/queue?q=${encodeURIComponent(`khcn ${year} ${Number(n)}`)}`)).text)).toEqual([codes.soon]);
    expect(codesOf((await officer.get('/console/queue?q=khong%20co%20dau%20ca')).text)).toEqual([]);
  });

  it('when a filter has a value that does not exist, then a clear 400', async () => {
    const res = await officer.get('/console/queue?kind=everything');
    expect(res.status).toBe(400);
    expect(res.text).toContain('Loại không hợp lệ.');
    expect((await officer.get('/console/queue?from=2026-13-45')).status).toBe(400);
  });

  it('when a question carries script and markup, then the queue and the ticket page show it as text', async () => {
    const queue = await officer.get('/console/queue');
    expect(queue.text).toContain('&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(queue.text).not.toContain('<script>alert');
    expect(queue.text).not.toContain('<img src=x');
    const page = await officer.get(`/console/tickets/${ids.script}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<div class="question" id="question">&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;');
    expect(page.text).toContain('&lt;b&gt;Nguyễn &quot;Văn&quot; A&lt;/b&gt;');
    expect(page.text).toContain('&lt;script&gt;x&lt;/script&gt;.png');
    expect(page.text).not.toMatch(/<script>(?!<\/script>)[^<]*alert/);
    // Only the console's own script files, no inline script at all.
    const scripts = [...page.text.matchAll(/<script([^>]*)>/g)].map((m) => m[1]);
    expect(scripts.every((attrs) => /src="\/console\/static\/[a-z]+\.js"/.test(attrs!))).toBe(true);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
  });
});

describe('queue of open work and settled tickets', () => {
  const lead: StaffActor = { username: 'lead.q', displayName: 'Trưởng phòng', role: 'lead', departmentCode: DEPT_A };

  it('when a ticket is answered, closed and reopened, then it moves between the tabs with its question, and the counts follow', async () => {
    await seed('moving', question({ question: 'Phiếu chuyển trạng thái về tem kiểm định', contactKey: 'zalo:907' }), new Date(Date.now() + 5 * 24 * HOUR));
    const newBefore = Number(/data-status="new">(\d+)</.exec((await officer.get('/console/queue')).text)![1]);

    await answerTicket(t.service.tickets, ids.moving!, 'Đã trả lời về tem kiểm định.', lead);
    const open = await officer.get('/console/queue');
    expect(codesOf(open.text)).not.toContain(codes.moving);
    expect(open.text).toContain(`<span class="count" data-status="new">${newBefore - 1}</span>`);
    expect(open.text).toContain('<span class="count" data-status="answered">2</span>');
    const answered = await officer.get('/console/queue?status=answered');
    expect(codesOf(answered.text)).toEqual([codes.moving, codes.answered]);
    expect(answered.text).toContain('Phiếu chuyển trạng thái về tem kiểm định');

    await closeTicket(t.service.tickets, ids.moving!, lead);
    expect(codesOf((await officer.get('/console/queue?status=answered')).text)).toEqual([codes.answered]);
    expect(codesOf((await officer.get('/console/queue?status=closed')).text)).toEqual([codes.moving]);

    await reopenTicket(t.service.tickets, ids.moving!, 'Người hỏi hỏi thêm', lead);
    expect(codesOf((await officer.get('/console/queue?status=closed')).text)).toEqual([]);
    expect(codesOf((await officer.get('/console/queue?status=in_progress')).text)).toEqual([codes.moving]);
    expect(codesOf((await officer.get(`/console/queue?status=in_progress&q=${encodeURIComponent(codes.moving!)}`)).text)).toEqual([codes.moving]);
  });

  it('when a settled ticket was received more than a year ago, then the closed tab shows it only with a start date, and says so', async () => {
    const longAgo = new Date(Date.now() - 400 * 24 * HOUR);
    await seed('old', question({ question: 'Phiếu cũ hơn một năm', contactKey: 'zalo:908' }), undefined, longAgo);
    await closeTicket(t.service.tickets, ids.old!, lead);
    const recent = await officer.get('/console/queue?status=closed');
    expect(codesOf(recent.text)).not.toContain(codes.old);
    expect(recent.text).toContain('chọn “Từ ngày” để xem phiếu cũ hơn');
    const from = new Date(longAgo.getTime() - 24 * HOUR).toISOString().slice(0, 10);
    const all = await officer.get(`/console/queue?status=closed&from=${from}`);
    expect(codesOf(all.text)).toContain(codes.old);
    expect(all.text).not.toContain('chọn “Từ ngày” để xem phiếu cũ hơn');
  });

  it('when the queue shows a ticket in a state it has left, then acting on it corrects the queue', async () => {
    await seed('stale', question({ question: 'Phiếu đã đóng ngoài hàng đợi', contactKey: 'zalo:909' }), new Date(Date.now() + 9 * 24 * HOUR));
    // Closed in the database without its copies (a write cut short before they were updated).
    await TicketModel.updateOne({ _id: ids.stale }, { $set: { status: 'closed' } });
    expect(codesOf((await officer.get('/console/queue')).text)).toContain(codes.stale);
    await expect(closeTicket(t.service.tickets, ids.stale!, lead)).rejects.toMatchObject({ status: 409 });
    expect(codesOf((await officer.get('/console/queue')).text)).not.toContain(codes.stale);
  });
});
