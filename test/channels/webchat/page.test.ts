import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningService } from '../../../src/service.js';
import { useTestDatabase } from '../../support/database.js';
import { newVisitor, startWebChatService, stopWebChatService } from './start-webchat.js';

const db = useTestDatabase('webchat_page');
let service: RunningService;

beforeAll(async () => {
  service = await startWebChatService(db.uri, { PUBLIC_URL: 'https://chat.example.gov.vn' }, { ipRequestsPerMinute: 6 });
});
afterAll(async () => {
  await stopWebChatService(service, db.uri);
});

describe('web chat page and embed script', () => {
  it('when the page is opened, then it is Vietnamese, has no inline script and may be framed only by allowed origins', async () => {
    const res = await fetch(`${service.url}/chat`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'self' https://chat.example.gov.vn");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await res.text();
    expect(html).toContain('<html lang="vi">');
    expect(html).toContain('Hỏi đáp trực tuyến');
    // Every script is a file; no script element has a body and no element has an event attribute.
    expect(html.match(/<script\b[^>]*>/g)).toEqual(['<script src="/chat/chat.js" defer>']);
    expect(html).toMatch(/<script[^>]*><\/script>/);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(html).not.toMatch(/\sstyle=/i);
  });

  it('when a portal loads the embed script, then it is JavaScript any origin may load', async () => {
    const res = await fetch(`${service.url}/chat/embed.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/javascript');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const body = await res.text();
    expect(body).toContain('"https://chat.example.gov.vn/chat"');
    expect(body).toContain('attachShadow');
  });

  it('when one address makes too many API requests, then it gets 429 with Retry-After', async () => {
    const visitor = await newVisitor(service.url);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      const res = await fetch(`${service.url}/chat/api/messages`, { headers: visitor.auth });
      statuses.push(res.status);
      if (res.status === 429) expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    }
    // The credential took the first of the six requests allowed.
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    // The page itself is still served, so a visitor sees the chat and its message about waiting.
    expect((await fetch(`${service.url}/chat`)).status).toBe(200);
  });
});
