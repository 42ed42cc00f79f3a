import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Router } from 'express';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { createApp } from '../../src/http/app.js';

/** Starts the service's app with one route that answers the client address express believes. */
async function whoAmI(
  trustProxy: ReturnType<typeof loadConfig>['trustProxy'],
): Promise<{ ask(xff?: string): Promise<string>; trusts(peer: string): boolean; close(): Promise<void> }> {
  const echo = Router();
  echo.get('/ip', (req, res) => {
    res.json({ ip: req.ip });
  });
  const app = createApp({
    webhooks: [],
    routers: [{ path: '/', router: echo }],
    webhookBodyLimitBytes: 10_000,
    onInboundStored: () => {},
    reorderWindowMs: 0,
    trustProxy,
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ip`;
  return {
    async ask(xff) {
      const res = await fetch(url, { headers: xff ? { 'X-Forwarded-For': xff } : {} });
      return ((await res.json()) as { ip: string }).ip;
    },
    trusts: (peer) => (app.get('trust proxy fn') as (addr: string, i: number) => boolean)(peer, 0),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('cookies and proxies as deployed', () => {
  it('when nothing is set, then new console passwords are hashed with scrypt N = 2^17', () => {
    expect(loadConfig({}).console.passwordCost).toBe(17);
    expect(() => loadConfig({ CONSOLE_PASSWORD_COST: '10' })).toThrow(/CONSOLE_PASSWORD_COST/);
  });

  it('when PUBLIC_URL is https, then console cookies are Secure unless an operator turns it off', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://chatbot.sokhcn.example.gov.vn' }).console.secureCookies).toBe(true);
    expect(loadConfig({ PUBLIC_URL: 'http://localhost:3000' }).console.secureCookies).toBe(false);
    expect(loadConfig({ PUBLIC_URL: 'https://chatbot.sokhcn.example.gov.vn', CONSOLE_SECURE_COOKIES: 'false' }).console.secureCookies).toBe(false);
  });

  it('when the service runs in production, then a client on the internet cannot choose its address, and two private proxies still show the real client', async () => {
    const config = loadConfig({ NODE_ENV: 'production', PUBLIC_URL: 'https://chatbot.sokhcn.example.gov.vn' });
    const app = await whoAmI(config.trustProxy);
    try {
      // A peer on the internet talking to an exposed instance is not a proxy: its header is ignored.
      expect(app.trusts('203.0.113.5')).toBe(false);
      expect(app.trusts('10.0.0.5')).toBe(true);
      // Client → proxy (10.0.0.5) → proxy (loopback) → service.
      expect(await app.ask('198.51.100.7, 10.0.0.5')).toBe('198.51.100.7');
      // What a client writes before the real address is not believed.
      expect(await app.ask('10.9.9.9, 198.51.100.7, 10.0.0.5')).toBe('198.51.100.7');
    } finally {
      await app.close();
    }
  });

  it('when TRUST_PROXY is set, then it is obeyed, and trusting every peer is refused', async () => {
    expect(loadConfig({ NODE_ENV: 'production', TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '192.0.2.10, 10.0.0.0/8' }).trustProxy).toEqual(['192.0.2.10', '10.0.0.0/8']);
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/);
    const direct = await whoAmI(loadConfig({ NODE_ENV: 'production', TRUST_PROXY: 'false' }).trustProxy);
    try {
      expect(await direct.ask('198.51.100.7')).toBe('127.0.0.1');
    } finally {
      await direct.close();
    }
  });
});
