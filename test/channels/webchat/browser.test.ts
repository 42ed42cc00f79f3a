import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM, hasChromium, launchChromium } from '../../support/chromium.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { defaultWebChatSettings, WebChatClient, WebChatHub } from '../../../src/channels/webchat/index.js';
import { loadConfig } from '../../../src/config/config.js';
import { enqueueMessage } from '../../../src/outbox/enqueue.js';
import type { RunningService } from '../../../src/service.js';
import { useTestDatabase } from '../../support/database.js';
import { newVisitor, queuedFor, startWebChatService, stopWebChatService } from './start-webchat.js';

if (!hasChromium) console.warn(`Skipping the web chat browser tests: ${CHROMIUM} is missing (install Debian's chromium package).`);

const ARTIFACTS = new URL('../../../test-artifacts/', import.meta.url);
const db = useTestDatabase('webchat_browser');
let service: RunningService;
let browser: Browser;
let allowedPortal: { server: Server; url: string };
let otherPortal: { server: Server; url: string };
/** May frame the chat but is not trusted with the credential. */
let untrustedPortal: { server: Server; url: string };

/** A stand-in for the department's portal: one page that includes the chat with one tag. */
async function startPortal(chatUrl: () => string): Promise<{ server: Server; url: string }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cổng thông tin Sở KH&amp;CN</title></head><body><h1>Cổng thông tin điện tử</h1><p>Tin tức, văn bản, thủ tục hành chính.</p>
<script src="${chatUrl()}/chat/embed.js" async></script></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://localhost:${(server.address() as AddressInfo).port}` };
}

async function stopServer(server: Server | undefined): Promise<void> {
  if (!server) return;
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

async function settle(): Promise<void> {
  await service.inboxWorker.idle();
  await service.outboxWorker.idle();
}

type Scope = Page | ReturnType<Page['frameLocator']>;

/** Waits until the page says the visitor's last message reached the service. */
async function lastSent(scope: Scope): Promise<void> {
  await expect.poll(() => scope.locator('.msg-visitor .status').last().textContent(), { timeout: 10_000 }).toMatch(/^(Đã gửi|Sent)$/);
}

async function sendFromPage(scope: Scope, text: string): Promise<void> {
  await scope.locator('#input').fill(text);
  await scope.locator('#input').press('Enter');
  await lastSent(scope);
}

/** The credential the page (or the portal) keeps in the browser, or null. */
async function identityOf(page: Page): Promise<{ visitorId: string; secret: string } | null> {
  return page.evaluate(() => JSON.parse(window.localStorage.getItem('caunoi.chat.identity') ?? 'null') as { visitorId: string; secret: string } | null);
}

/** The visitor id the page keeps in the browser. */
async function visitorIdOf(page: Page): Promise<string> {
  const id = (await identityOf(page))?.visitorId;
  expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  return id!;
}

/**
 * Waits until the service has said everything for the visitor's last message, then returns
 * the texts of the bot and staff lines it queued (whatever the flows answer).
 */
async function answered(visitorId: string): Promise<string[]> {
  await settle();
  const said = await queuedFor(visitorId);
  expect(said.length).toBeGreaterThan(0);
  return said.map((line) => line.text);
}

/** Texts of the lines the page shows from the bot and staff. */
function shownAnswers(page: Scope): Promise<string[]> {
  return page.locator('.msg-bot .text, .msg-staff .text').allTextContents();
}

describe.skipIf(!hasChromium)('web chat in a real browser', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    allowedPortal = await startPortal(() => service.url);
    otherPortal = await startPortal(() => service.url);
    untrustedPortal = await startPortal(() => service.url);
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1' });
    service = await startWebChatService(
      db.uri,
      {},
      {
        frameAncestors: [...defaultWebChatSettings(config).frameAncestors, allowedPortal.url, untrustedPortal.url],
        embedOrigins: [allowedPortal.url],
        streamPollMs: 500,
      },
    );
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await stopServer(allowedPortal?.server);
    await stopServer(otherPortal?.server);
    await stopServer(untrustedPortal?.server);
    await stopWebChatService(service, db.uri);
  });

  it('when a visitor chats, then the bot reply, a later staff message and its quick replies appear, and markup stays text', async () => {
    const context = await browser.newContext({ viewport: { width: 800, height: 900 }, locale: 'vi-VN' });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));
    try {
      await page.goto(`${service.url}/chat`);
      await page.locator('#chat[data-ready="true"]').waitFor();
      await expect.poll(() => page.locator('h1').textContent()).toBe('Hỏi đáp trực tuyến');

      await sendFromPage(page, 'Cho tôi hỏi thủ tục công bố hợp quy');
      const visitorId = await visitorIdOf(page);
      let said = await answered(visitorId);
      await expect.poll(() => shownAnswers(page), { timeout: 10_000 }).toEqual(said);

      await enqueueMessage(
        {
          contactKey: `webchat:${visitorId}`,
          purpose: 'staff_message',
          message: {
            text: 'Phòng Quản lý Tiêu chuẩn Đo lường Chất lượng đã nhận câu hỏi. <script>window.__pwned = 1</script>',
            quickReplies: [
              { title: 'Xem hướng dẫn', payload: 'GUIDE' },
              { title: 'Hỏi tiếp', payload: 'ASK' },
            ],
          },
        },
        () => service.outboxWorker.wake(),
      );
      const staffLine = page.locator('.msg-staff .text');
      await staffLine.waitFor({ timeout: 10_000 });
      expect(await staffLine.textContent()).toBe('Phòng Quản lý Tiêu chuẩn Đo lường Chất lượng đã nhận câu hỏi. <script>window.__pwned = 1</script>');
      expect(await page.locator('.msg-staff .author').textContent()).toBe('Cán bộ Sở: ');
      const quickReplies = page.locator('.quick-reply');
      await expect.poll(() => quickReplies.allTextContents()).toEqual(['Xem hướng dẫn', 'Hỏi tiếp']);

      await quickReplies.first().click();
      await page.locator('.msg-visitor .text', { hasText: 'Xem hướng dẫn' }).waitFor();
      await lastSent(page);
      said = await answered(visitorId);
      await expect.poll(() => shownAnswers(page), { timeout: 10_000 }).toEqual(said);
      expect(said.length).toBeGreaterThan(2);

      const injected = '<img src=x onerror="window.__pwned=1">';
      await sendFromPage(page, injected);
      await expect.poll(() => page.locator('.msg-visitor .text').last().textContent()).toBe(injected);
      said = await answered(visitorId);
      await expect.poll(() => shownAnswers(page), { timeout: 10_000 }).toEqual(said);
      expect(await page.locator('#log img').count()).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      await page.screenshot({ path: new URL('webchat-page.png', ARTIFACTS).pathname, fullPage: true });

      // Reopening shows the whole conversation again, once.
      const lines = page.locator('#log .msg .text');
      const linesBefore = await lines.allTextContents();
      expect(linesBefore).toHaveLength(3 + said.length);
      await page.reload();
      await page.locator('#chat[data-ready="true"]').waitFor();
      expect(await lines.allTextContents()).toEqual(linesBefore);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('when the visitor switches to English, then the page turns English and the bot is told', async () => {
    const context = await browser.newContext({ viewport: { width: 800, height: 900 } });
    const page = await context.newPage();
    try {
      await page.goto(`${service.url}/chat`);
      await page.locator('#chat[data-ready="true"]').waitFor();
      await page.locator('#lang-toggle').click();
      await expect.poll(() => page.locator('h1').textContent()).toBe('Online Q&A');
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      expect(await page.locator('#lang-toggle').textContent()).toBe('Tiếng Việt');
      const visitorId = await visitorIdOf(page);
      const identity = (await identityOf(page))!;
      const auth = { Authorization: `Bearer ${identity.visitorId}.${identity.secret}` };
      await expect
        .poll(async () => ((await (await fetch(`${service.url}/chat/api/messages`, { headers: auth })).json()) as { language: string }).language)
        .toBe('en');
      await sendFromPage(page, 'How do I register a trademark?');
      const said = await answered(visitorId);
      await expect.poll(() => shownAnswers(page), { timeout: 10_000 }).toEqual(said);
      // Reopened, the page follows the bot's language.
      await page.evaluate(() => window.localStorage.removeItem('caunoi.chat.lang'));
      await page.reload();
      await page.locator('#chat[data-ready="true"]').waitFor();
      expect(await page.locator('h1').textContent()).toBe('Online Q&A');
    } finally {
      await context.close();
    }
  });

  it('when a portal page includes the one script tag on a phone, then the button opens the chat full screen and it works', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    try {
      await page.goto(allowedPortal.url);
      const launcher = page.locator('#cau-noi-chat').locator('button.launcher');
      await launcher.waitFor();
      expect(await launcher.getAttribute('aria-label')).toBe('Hỏi đáp với Sở Khoa học và Công nghệ');
      await launcher.click();
      const panel = page.locator('#cau-noi-chat').locator('.panel');
      await expect.poll(() => panel.boundingBox()).toEqual({ x: 0, y: 0, width: 390, height: 844 });

      const chat = page.frameLocator('#cau-noi-chat iframe');
      await chat.locator('#chat[data-ready="true"]').waitFor({ timeout: 10_000 });
      await sendFromPage(chat, 'Tôi muốn hỏi về sở hữu trí tuệ');
      // The credential is kept on the portal's origin too: the frame's own storage is third-party.
      const visitorId = await visitorIdOf(page);
      expect(page.frames().every((f) => !f.url().includes('#'))).toBe(true);
      const said = await answered(visitorId);
      await expect.poll(() => shownAnswers(chat), { timeout: 10_000 }).toEqual(said);
      await page.screenshot({ path: new URL('webchat-embed-phone.png', ARTIFACTS).pathname });

      await page.locator('#cau-noi-chat').locator('button.close').click();
      await expect.poll(() => panel.isHidden()).toBe(true);

      // On the portal's next page the same conversation opens again.
      const lines = await chat.locator('#log .msg .text').allTextContents();
      await page.reload();
      await launcher.click();
      await chat.locator('#chat[data-ready="true"]').waitFor({ timeout: 10_000 });
      expect(await chat.locator('#log .msg .text').allTextContents()).toEqual(lines);
    } finally {
      await context.close();
    }
  });

  it('when a site that is not allowed frames the chat, then the browser refuses to show it', async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    try {
      await page.goto(otherPortal.url);
      await page.locator('#cau-noi-chat').locator('button.launcher').click();
      await page.locator('#cau-noi-chat iframe').waitFor({ state: 'attached' });
      await page.waitForTimeout(1_500);
      const frame = page.frames().find((f) => f.url().includes('/chat?embed=1'));
      const shown = frame
        ? await frame
            .locator('#chat')
            .count()
            .catch(() => 0)
        : 0;
      expect(shown).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('when a link carries another visitor id, then the page keeps its own identity and conversation', async () => {
    const context = await browser.newContext({ viewport: { width: 800, height: 900 } });
    const page = await context.newPage();
    try {
      await page.goto(`${service.url}/chat`);
      await page.locator('#chat[data-ready="true"]').waitFor();
      await sendFromPage(page, 'Số điện thoại của tôi là 0912 345 678');
      const own = await identityOf(page);
      const planted = randomUUID();
      await page.goto(`${service.url}/chat#v=${planted}`);
      await page.reload();
      await page.locator('#chat[data-ready="true"]').waitFor();
      expect(await identityOf(page)).toEqual(own);
      await expect.poll(() => page.locator('.msg-visitor .text').allTextContents()).toEqual(['Số điện thoại của tôi là 0912 345 678']);
      await answered(own!.visitorId);
    } finally {
      await context.close();
    }
  });

  it('when a visitor from before credentials opens the chat again, then they see their conversation and get a secret', async () => {
    const legacyId = randomUUID();
    await new WebChatClient({ hub: new WebChatHub() }).send(
      legacyId,
      { text: 'Hồ sơ của Quý ông/bà đã được tiếp nhận.' },
      { purpose: 'notice', window: { allowed: true } },
    );
    const context = await browser.newContext({ viewport: { width: 800, height: 900 } });
    const page = await context.newPage();
    try {
      await page.goto(`${service.url}/chat/chat.css`);
      await page.evaluate((id) => window.localStorage.setItem('caunoi.chat.visitorId', id), legacyId);
      await page.goto(`${service.url}/chat`);
      await page.locator('#chat[data-ready="true"]').waitFor();
      await expect.poll(() => shownAnswers(page)).toEqual(['Hồ sơ của Quý ông/bà đã được tiếp nhận.']);
      expect((await identityOf(page))?.visitorId).toBe(legacyId);
    } finally {
      await context.close();
    }
  });

  it('when a portal that may frame the chat is not trusted with the credential, then it neither hands one in nor receives one', async () => {
    const victim = await newVisitor(service.url);
    await new WebChatClient({ hub: new WebChatHub() }).send(
      victim.visitorId,
      { text: 'Kết quả hồ sơ của bà Trần Thị B' },
      { purpose: 'notice', window: { allowed: true } },
    );
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    try {
      await page.goto(untrustedPortal.url);
      await page.evaluate((identity) => window.localStorage.setItem('caunoi.chat.identity', JSON.stringify(identity)), {
        visitorId: victim.visitorId,
        secret: victim.secret,
      });
      await page.reload();
      await page.locator('#cau-noi-chat').locator('button.launcher').click();
      const chat = page.frameLocator('#cau-noi-chat iframe');
      await chat.locator('#chat[data-ready="true"]').waitFor({ timeout: 10_000 });
      await sendFromPage(chat, 'Xin chào');
      expect(await chat.locator('#log .msg .text').allTextContents()).not.toContain('Kết quả hồ sơ của bà Trần Thị B');
      // The portal still holds only what it had: the frame told it nothing.
      expect((await identityOf(page))?.visitorId).toBe(victim.visitorId);
    } finally {
      await context.close();
    }
  });
});
