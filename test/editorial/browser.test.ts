import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM, hasChromium, launchChromium } from '../support/chromium.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff, DEPT_A } from '../console/support.js';
import { startInstance, type Instance } from '../support/instance.js';
import { waitUntil } from '../support/recording-channel.js';
import { startEditorialService, type EditorialTestService } from './support.js';

if (!hasChromium) console.warn(`Skipping the content editing browser test: ${CHROMIUM} is missing (install Debian's chromium package).`);

const ARTIFACTS = new URL('../../test-artifacts/editorial/', import.meta.url);
const EDITOR = { username: 'bientap.thu', password: 'Mat-khau-bien-tap-2026' };
const LEAD = { username: 'lanhdao.son', password: 'Mat-khau-lanh-dao-2026' };

/** The console (and content editing) runs here; the person chats with a second instance, so publication must travel. */
let consoleSide: EditorialTestService;
let chatSide: Instance;
let browser: Browser;

async function openPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  return context.newPage();
}

async function signIn(page: Page, account: { username: string; password: string }): Promise<void> {
  await page.goto(`${consoleSide.url}/console/content`);
  await page.waitForURL(/\/console\/login\?next=/);
  await page.fill('#username', account.username);
  await page.fill('#password', account.password);
  await Promise.all([page.waitForURL(/\/console\/content$/), page.click('button[type="submit"]')]);
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: new URL(`${name}.png`, ARTIFACTS).pathname, fullPage: true });
}

/** The person writes in the web chat of the other instance; resolves with the bot's new lines once one contains `expected`. */
async function ask(page: Page, text: string, expected: string): Promise<string> {
  const before = await page.locator('.msg-bot .text').count();
  await page.locator('#input').fill(text);
  await page.locator('#input').press('Enter');
  const replies = async () => (await page.locator('.msg-bot .text').allTextContents()).slice(before).join('\n');
  try {
    await expect.poll(replies, { timeout: 15_000, message: `the bot's reply to "${text}"` }).toContain(expected);
  } catch (err) {
    // What the page and the other instance show, for whoever reads the failure.
    await shot(page, 'failed-reply');
    console.log(chatSide.output().slice(-4000));
    throw err;
  }
  return replies();
}

/** Waits until the chat instance says it reloaded the published content. */
async function chatSideReloaded(times: number): Promise<void> {
  await waitUntil(() => chatSide.output().split('published content reloaded').length - 1 >= times, 15_000, 'the chat instance reloads the published content');
}

beforeAll(async () => {
  if (!hasChromium) return;
  mkdirSync(ARTIFACTS, { recursive: true });
  consoleSide = await startEditorialService('editorial_browser', { webChat: true });
  chatSide = await startInstance({ mongodbUri: consoleSide.uri, env: { LOG_LEVEL: 'info' }, name: 'chat-side' });
  await addStaff(EDITOR.username, 'editor', DEPT_A, EDITOR.password);
  await addStaff(LEAD.username, 'lead', DEPT_A, LEAD.password);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await chatSide?.stop();
  await consoleSide?.stop();
});

describe.skipIf(!hasChromium)('content editing in a real browser', () => {
  it('when a person asks what the FAQ does not answer, then editors see it, an editor drafts the answer, a lead publishes it, and the same question is answered on another instance within seconds', async () => {
    const question = 'Máy chạy bộ ở phòng gym có cần dán tem hợp quy không?';
    const answer =
      'Máy chạy bộ không có trong danh mục sản phẩm, hàng hóa nhóm 2 phải công bố hợp quy, nên không bắt buộc gắn dấu hợp quy; hàng hóa vẫn phải ghi nhãn đầy đủ theo quy định.';

    // The person asks in the web chat; nothing fits.
    const person = await openPage();
    await person.goto(`${chatSide.url}/chat`);
    await person.locator('#chat[data-ready="true"]').waitFor();
    await ask(person, question, 'chưa có câu trả lời sẵn');
    await shot(person, '01-chat-no-answer');

    // The editor finds it among the unanswered questions and writes the answer.
    const editor = await openPage();
    await signIn(editor, EDITOR);
    await editor.click('#unanswered-link');
    const row = editor.locator('#unanswered tbody tr', { hasText: question });
    await expect.poll(() => row.locator('td').first().textContent()).toBe('1');
    await shot(editor, '02-unanswered');
    await row.locator('select').selectOption('tieu-chuan-quy-chuan');
    await Promise.all([editor.waitForURL(/\/console\/content\/faq\/new\?/), row.locator('button:has-text("Viết câu trả lời")').click()]);
    expect(await editor.inputValue('#questionVi')).toBe(question);
    await editor.fill('#questionEn', 'Does a gym treadmill need a conformity mark?');
    await editor.fill('#answerVi', answer);
    await editor.fill(
      '#answerEn',
      'Treadmills are not on the list of group 2 products that need a declaration of conformity, so no conformity mark is required; they must still be labelled as the rules say.',
    );
    await editor.fill('#sources', 'luat-05-2007-qh12 | khoản 4 Điều 3');
    await Promise.all([editor.waitForURL(/ok=saved/), editor.click('#save-draft')]);
    await expect.poll(() => editor.locator('#preview-vi').textContent()).toContain(answer);
    expect(await editor.locator('#draft-publish').count()).toBe(0);
    await shot(editor, '03-draft-preview');
    await Promise.all([editor.waitForURL(/ok=submitted/), editor.click('#draft-submit')]);
    const draftUrl = editor.url().replace(/\?.*$/, '');

    // Until a lead publishes, the person still gets no answer.
    expect(await ask(person, question, 'chưa có câu trả lời sẵn')).not.toContain(answer);

    // The lead sees it waiting for review and publishes it.
    const lead = await openPage();
    await signIn(lead, LEAD);
    await expect.poll(() => lead.locator('#drafts tbody tr', { hasText: question }).textContent()).toContain('Chờ duyệt');
    await lead.goto(draftUrl);
    const reloadsBefore = chatSide.output().split('published content reloaded').length - 1;
    await Promise.all([lead.waitForURL(/ok=published/), lead.click('#draft-publish')]);
    await expect.poll(() => lead.locator('#versions li').first().textContent()).toContain('Phiên bản 1');
    await shot(lead, '04-published');

    // The other instance picks the publication up by itself, and the same question is answered.
    await chatSideReloaded(reloadsBefore + 1);
    const reply = await ask(person, 'may chay bo o phong gym co can dan tem hop quy khong', answer);
    expect(reply).not.toContain('chưa có câu trả lời sẵn');
    await shot(person, '05-chat-answered');

    // The question left the editors' list: it has its answer now.
    await editor.goto(`${consoleSide.url}/console/content/unanswered`);
    expect(await editor.locator('#unanswered tbody tr', { hasText: question }).count()).toBe(0);
    for (const page of [person, editor, lead]) await page.context().close();
  }, 120_000);

  it('when an editor writes a new entry from scratch and a lead publishes it, then a person asking in the web chat of another instance gets it within seconds', async () => {
    const answer = 'Phiếu đăng ký tham dự tập huấn ISO gửi qua thư điện tử của Chi cục trước hạn đăng ký; Chi cục xác nhận trong hai ngày làm việc.';
    const editor = await openPage();
    await signIn(editor, EDITOR);
    await editor.selectOption('#new-topic', 'chat-luong');
    await Promise.all([editor.waitForURL(/\/console\/content\/faq\/new\?topic=chat-luong/), editor.click('#new-faq button[type="submit"]')]);
    await editor.fill('#questionVi', 'Gửi phiếu đăng ký tập huấn ISO cho doanh nghiệp bằng cách nào?');
    await editor.fill('#questionEn', 'How does a business send the ISO training registration form?');
    await editor.fill('#answerVi', answer);
    await editor.fill(
      '#answerEn',
      'Send the ISO training registration form by e-mail to the sub-department before the deadline; it confirms within two working days.',
    );
    await editor.fill('#sources', 'luat-05-2007-qh12 | khoản 4 Điều 3');
    await Promise.all([editor.waitForURL(/ok=saved/), editor.click('#save-draft')]);
    await Promise.all([editor.waitForURL(/ok=submitted/), editor.click('#draft-submit')]);
    const draftUrl = editor.url().replace(/\?.*$/, '');

    const lead = await openPage();
    await signIn(lead, LEAD);
    await lead.goto(draftUrl);
    const reloadsBefore = chatSide.output().split('published content reloaded').length - 1;
    await Promise.all([lead.waitForURL(/ok=published/), lead.click('#draft-publish')]);
    await chatSideReloaded(reloadsBefore + 1);

    const person = await openPage();
    await person.goto(`${chatSide.url}/chat`);
    await person.locator('#chat[data-ready="true"]').waitFor();
    await ask(person, 'Gửi phiếu đăng ký tập huấn ISO cho doanh nghiệp bằng cách nào?', answer);
    await shot(person, '06-chat-new-entry');
    for (const page of [person, editor, lead]) await page.context().close();
  }, 120_000);
});
