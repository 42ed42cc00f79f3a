import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChannelAuthError } from '../../../src/channels/errors.js';
import { startFakeZalo, type FakeZalo } from '../../fakes/zalo/server.js';
import { ZaloTokenStore } from '../../../src/channels/zalo/tokens.js';
import { ChannelTokenModel } from '../../../src/db/models/channel-token.js';
import { clearDatabase, useTestDatabase } from '../../support/database.js';
import { configFor } from './support.js';

useTestDatabase('zalo_tokens');

const HOUR = 3_600_000;

describe('Zalo token store', () => {
  let fake: FakeZalo;
  beforeEach(async () => {
    await clearDatabase();
    fake = await startFakeZalo();
  });
  afterEach(async () => {
    await fake.close();
  });

  it('when nothing is stored yet, then the configured pair is stored and used without a refresh', async () => {
    const config = configFor(fake);
    const store = new ZaloTokenStore(config);
    expect(await store.getAccessToken()).toBe(config.accessToken);
    const stored = await ChannelTokenModel.findById('zalo').lean();
    expect(stored).toMatchObject({ accessToken: config.accessToken, refreshToken: config.refreshToken });
    expect(fake.refreshCalls).toHaveLength(0);
  });

  it('when the token is 21 hours old, then it is refreshed once and the new pair is stored before it is handed out', async () => {
    const start = Date.now();
    let clock = start;
    const store = new ZaloTokenStore(configFor(fake), { now: () => new Date(clock) });
    await store.getAccessToken();
    clock = start + 21 * HOUR;
    const token = await store.getAccessToken();
    expect(token).toBe(fake.currentTokens().accessToken);
    expect(fake.refreshCalls).toEqual([expect.objectContaining({ ok: true })]);
    const stored = await ChannelTokenModel.findById('zalo').lean();
    expect(stored).toMatchObject({ accessToken: token, refreshToken: fake.currentTokens().refreshToken });
    expect(stored!.expiresAt.getTime()).toBe(clock + 90_000_000);
    // Fresh now: no further refresh.
    expect(await store.getAccessToken()).toBe(token);
    expect(fake.refreshCalls).toHaveLength(1);
  });

  it('when two instances refresh at the same moment, then Zalo sees one refresh and both get the new token', async () => {
    const start = Date.now();
    let clock = start;
    const config = configFor(fake);
    const a = new ZaloTokenStore(config, { now: () => new Date(clock), pollMs: 50 });
    const b = new ZaloTokenStore(config, { now: () => new Date(clock), pollMs: 50 });
    await a.getAccessToken();
    clock = start + 21 * HOUR;
    fake.setDelay(300); // both are inside the refresh window together
    const [tokenA, tokenB, due] = await Promise.all([a.getAccessToken(), b.getAccessToken(), b.refreshIfDue()]);
    expect(fake.refreshCalls).toHaveLength(1);
    expect(fake.refreshCalls.every((c) => c.ok)).toBe(true);
    expect(tokenA).toBe(fake.currentTokens().accessToken);
    expect(tokenB).toBe(tokenA);
    expect(due.expiresAt.getTime()).toBeGreaterThan(clock + 24 * HOUR);
  });

  it('when the scheduled job runs before the margin, then nothing is refreshed', async () => {
    const store = new ZaloTokenStore(configFor(fake));
    expect(await store.refreshIfDue()).toMatchObject({ refreshed: false });
    expect(fake.refreshCalls).toHaveLength(0);
  });

  it('when Zalo rejects a token another instance already replaced, then the stored one is used without a refresh', async () => {
    const config = configFor(fake);
    const a = new ZaloTokenStore(config);
    const b = new ZaloTokenStore(config);
    const old = await a.getAccessToken();
    const fresh = await a.refreshAfterRejection(old);
    expect(await b.refreshAfterRejection(old)).toBe(fresh);
    expect(fake.refreshCalls).toHaveLength(1);
  });

  it('when a spent refresh token is presented, then the fake refuses it and the store reports an admin problem once the token expired', async () => {
    const start = Date.now();
    let clock = start;
    const config = configFor(fake);
    const store = new ZaloTokenStore(config, { now: () => new Date(clock) });
    await store.getAccessToken();
    await store.refreshAfterRejection(config.accessToken!);
    // Put the spent pair back, as if a stale backup had been restored.
    await ChannelTokenModel.updateOne({ _id: 'zalo' }, { $set: { accessToken: config.accessToken, refreshToken: config.refreshToken } });
    clock = start + 21 * HOUR;
    // Still valid for 4 hours: the refusal is logged and the current token keeps working,
    // without asking OAuth again on every send.
    expect(await store.getAccessToken()).toBe(config.accessToken);
    expect(await store.getAccessToken()).toBe(config.accessToken);
    expect(fake.refreshCalls).toHaveLength(2);
    clock = start + 26 * HOUR;
    await expect(store.getAccessToken()).rejects.toBeInstanceOf(ChannelAuthError);
    expect(fake.refreshCalls.map((c) => c.ok)).toEqual([true, false, false]);
  });

  it('when only a refresh token is configured, then the first use refreshes', async () => {
    const store = new ZaloTokenStore(configFor(fake, { accessToken: undefined }));
    expect(await store.getAccessToken()).toBe(fake.currentTokens().accessToken);
    expect(fake.refreshCalls).toHaveLength(1);
  });

  it('when no token is configured or stored, then a clear admin error', async () => {
    const store = new ZaloTokenStore(configFor(fake, { accessToken: undefined, refreshToken: undefined }));
    await expect(store.getAccessToken()).rejects.toThrow(/ZALO_REFRESH_TOKEN/);
  });
});
