import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM, hasChromium, launchChromium } from '../support/chromium.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChannelParts } from '../../src/channels/build.js';
import { numberedChoices } from '../../src/channels/numbered-choices.js';
import type { OutboundMessage } from '../../src/channels/types.js';
import { postZaloEvent, startFakeZalo, zaloTextEvent, type FakeZalo } from '../fakes/zalo/server.js';
import { InboxRecordModel } from '../../src/db/models/inbox-record.js';
import { OutboxRecordModel } from '../../src/db/models/outbox-message.js';
import { TicketModel } from '../../src/db/models/ticket.js';
import { waitUntil } from '../support/recording-channel.js';
import { ADMIN, DEPT_A, startConsoleService, type ConsoleTestService } from './support.js';

if (!hasChromium) console.warn(`Skipping the console browser test: ${CHROMIUM} is missing (install Debian's chromium package).`);

const ARTIFACTS = new URL('../../test-artifacts/console/', import.meta.url);
const PERSON = '5150000000000000001';
const OFFICER = { username: 'lan.nt', password: 'Mat-khau-cua-Lan-2026', name: 'Nguyễn Thị Lan' };

let t: ConsoleTestService;
let fake: FakeZalo;
let browser: Browser;
const cspViolations: string[] = [];

/** The person sends one Zalo message; resolves when the bot has handled it and its replies went out. */
async function personSends(text: string): Promise<void> {
  expect((await postZaloEvent(`${t.url}/webhooks/zalo`, zaloTextEvent({ userId: PERSON, text }))).status).toBe(200);
  await waitUntil(
    async () =>
      (await InboxRecordModel.countDocuments({ contactKey: `zalo:${PERSON}`, status: 'pending' })) === 0 &&
      (await OutboxRecordModel.countDocuments({ contactKey: `zalo:${PERSON}`, status: 'pending' })) === 0,
    15_000,
    'bot answered',
  );
}

/**
 * The person picks the offered choice whose payload is `payload`, as on a phone: a button of
 * the template (Zalo sends its `#payload` back as text) or, for a long list shown as numbered
 * text, the number in front of it.
 */
async function personChooses(payload: string): Promise<void> {
  const last = fake.messagesTo(PERSON).at(-1)!.body.message;
  const buttons = (last.attachment as { payload?: { buttons?: { payload?: unknown }[] } } | undefined)?.payload?.buttons ?? [];
  if (buttons.some((b) => b.payload === `#${payload}`)) {
    await personSends(`#${payload}`);
    return;
  }
  const neutral = await OutboxRecordModel.findOne({ contactKey: `zalo:${PERSON}` })
    .sort({ seq: -1 })
    .lean();
  const choice = numberedChoices(neutral!.message as OutboundMessage).find((c) => c.payload === payload);
  if (!choice || !(last.text ?? '').includes(`${choice.number}. ${choice.title}`)) {
    throw new Error(`the person was not offered ${payload}; last message: ${JSON.stringify(last).slice(0, 600)}`);
  }
  await personSends(String(choice.number));
}

async function openPage(width = 1280, height = 900): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (/Content Security Policy|Refused to/i.test(msg.text())) cspViolations.push(msg.text());
  });
  return page;
}

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto(`${t.url}/console/queue`);
  await page.waitForURL(/\/console\/login\?next=/);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL(/\/console\/queue/), page.click('button[type="submit"]')]);
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: new URL(`${name}.png`, ARTIFACTS).pathname, fullPage: true });
}

beforeAll(async () => {
  if (!hasChromium) return;
  mkdirSync(ARTIFACTS, { recursive: true });
  fake = await startFakeZalo();
  t = await startConsoleService('console_browser', {
    env: {
      ...fake.serviceEnv(),
    },
    channels: buildChannelParts,
  });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await t?.stop();
  await fake?.close();
});

describe.skipIf(!hasChromium)('staff console in a real browser', () => {
  it('when a citizen asks on Zalo, then an officer sees it in the queue, answers in the browser, and the answer reaches the citizen on Zalo', async () => {
    // The admin creates the officer's account in the console.
    const adminPage = await openPage();
    await signIn(adminPage, ADMIN.username, ADMIN.password);
    await adminPage.goto(`${t.url}/console/admin/staff`);
    await adminPage.click('summary:has-text("Thêm tài khoản")');
    await adminPage.fill('#new-username', OFFICER.username);
    await adminPage.fill('#new-password', OFFICER.password);
    await adminPage.fill('#new-name', OFFICER.name);
    await adminPage.selectOption('#new-role', 'officer');
    await adminPage.selectOption('#new-dept', DEPT_A);
    await Promise.all([adminPage.waitForURL(/ok=created/), adminPage.click('form[action="/console/admin/staff"] button[type="submit"]')]);
    await expect.poll(() => adminPage.locator('.flash.ok').textContent()).toContain('Đã thêm');
    await shot(adminPage, '01-admin-staff');
    await adminPage.context().close();

    // The officer signs in and keeps the queue open.
    const page = await openPage();
    await signIn(page, OFFICER.username, OFFICER.password);
    await expect.poll(() => page.locator('h1').textContent()).toContain('Chi cục Tiêu chuẩn Đo lường Chất lượng');
    await expect.poll(() => page.locator('.empty').count()).toBe(1);

    // The citizen asks through the bot on Zalo: the question flow, topic "đo lường", no contact details.
    const question = 'Cân điện tử bán hàng ở chợ có phải kiểm định định kỳ không ạ? Kiểm định ở đâu?';
    await personSends('Xin chào');
    await personChooses('ASK');
    await personChooses('ASK_TOPIC:do-luong');
    await personSends(question);
    await personChooses('DONE');
    await personChooses('SKIP');
    await personChooses('CONSENT_NO');
    await personChooses('SEND');
    const ticket = await TicketModel.findOne({ contactKey: `zalo:${PERSON}` }).lean();
    expect(ticket).toMatchObject({ departmentCode: DEPT_A, topic: 'do-luong', question, status: 'new' });
    expect(fake.messagesTo(PERSON).at(-1)!.body.message.text).toContain(ticket!.code);

    // The officer hears of it without reloading, then finds it in the queue.
    await expect
      .poll(() => page.locator('#live .toast').allTextContents(), { timeout: 10_000 })
      .toContainEqual(expect.stringContaining(`Phiếu mới ${ticket!.code}`));
    await shot(page, '02-queue-live-notice');
    await page.reload();
    const row = page.locator('table.queue tbody tr', { hasText: ticket!.code });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.locator('td[data-label="Nội dung"]').textContent()).toContain('Cân điện tử bán hàng ở chợ');
    await shot(page, '03-queue');

    // The officer opens it, reads the conversation, and answers.
    await Promise.all([page.waitForURL(/\/console\/tickets\/[0-9a-f]{24}$/), row.locator('a').first().click()]);
    expect(await page.locator('#question').textContent()).toBe(question);
    expect(await page.locator('#transcript').textContent()).toContain(question);
    await shot(page, '04-ticket');
    const answer =
      'Cân điện tử dùng trong mua bán thuộc phương tiện đo nhóm 2, phải kiểm định định kỳ. Ông/bà liên hệ Chi cục Tiêu chuẩn Đo lường Chất lượng để được kiểm định.';
    await page.fill('#answer-text', answer);
    await Promise.all([page.waitForURL(/ok=answered/), page.click('#answer-form button[type="submit"]')]);

    // The page follows the delivery until it is sent; the citizen has it on Zalo.
    await expect.poll(() => page.locator('#deliveries li.delivery').first().getAttribute('data-status'), { timeout: 15_000 }).toBe('sent');
    const received = fake.messagesTo(PERSON).map((m) => m.body.message.text ?? '');
    expect(received.some((text) => text.includes(answer) && text.includes(ticket!.code))).toBe(true);
    expect(await page.locator('.ticket-head .badge').textContent()).toBe('Đã trả lời');
    const history = await page.locator('#history').textContent();
    expect(history).toContain('Trả lời');
    expect(history).toContain(`${OFFICER.name} (${OFFICER.username})`);
    expect(history).toContain(answer);
    await shot(page, '05-ticket-answered');
    expect((await TicketModel.findById(ticket!._id).lean())!.answer).toMatchObject({ staffId: OFFICER.username, staffName: OFFICER.name });

    // A live conversation: the officer takes over, writes, and reads the reply as it arrives.
    await Promise.all([page.waitForURL(/\/takeover\?ok=takeover/), page.click('button:has-text("Trò chuyện trực tiếp với người dân")')]);
    await waitUntil(() => fake.messagesTo(PERSON).some((m) => (m.body.message.text ?? '').includes('đang trực tiếp trò chuyện')), 10_000, 'takeover notice');
    const sentBefore = fake.messagesTo(PERSON).length;
    await page.fill('#takeover-text', 'Ông/bà cần kiểm định mấy chiếc cân ạ?');
    await page.click('#takeover-form button[type="submit"]');
    await expect
      .poll(() => page.locator('#live-transcript li.msg.staff').last().textContent(), { timeout: 10_000 })
      .toContain('Ông/bà cần kiểm định mấy chiếc cân ạ?');
    expect(await page.inputValue('#takeover-text')).toBe('');
    await waitUntil(() => fake.messagesTo(PERSON).length === sentBefore + 1, 10_000, 'officer message on Zalo');
    expect(fake.messagesTo(PERSON).at(-1)!.body.message.text).toBe('Ông/bà cần kiểm định mấy chiếc cân ạ?');
    await personSends('Dạ, hai chiếc ạ');
    await expect.poll(() => page.locator('#live-transcript li.msg.person').last().textContent(), { timeout: 10_000 }).toContain('Dạ, hai chiếc ạ');
    expect(fake.messagesTo(PERSON)).toHaveLength(sentBefore + 1);
    await shot(page, '06-takeover');
    await Promise.all([page.waitForURL(/ok=handed_back/), page.click('button:has-text("Trả lại cho trợ lý tự động")')]);

    // The answered queue, on a phone.
    const phone = await openPage(390, 844);
    await signIn(phone, OFFICER.username, OFFICER.password);
    await phone.goto(`${t.url}/console/queue?status=answered`);
    await expect.poll(() => phone.locator('table.queue tbody tr', { hasText: ticket!.code }).count()).toBe(1);
    await shot(phone, '07-queue-answered-phone');
    await phone.context().close();

    expect(cspViolations).toEqual([]);
    await page.context().close();
  }, 120_000);
});
