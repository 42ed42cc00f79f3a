import mongoose from 'mongoose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChannelAuthError, ChannelSendError, ChannelUnreachableError } from '../../../src/channels/errors.js';
import type { SendOptions } from '../../../src/channels/types.js';
import { ZaloClient } from '../../../src/channels/zalo/client.js';
import { zaloSendError } from '../../../src/channels/zalo/errors.js';
import { startFakeZalo, type FakeZalo } from '../../fakes/zalo/server.js';
import { ZaloTokenStore } from '../../../src/channels/zalo/tokens.js';
import { ChannelTokenModel } from '../../../src/db/models/channel-token.js';
import { clearDatabase, useTestDatabase } from '../../support/database.js';
import { configFor } from './support.js';

useTestDatabase('zalo_client');

const USER = '2468458835296197922';
const OPTIONS: SendOptions = { purpose: 'reply', window: { allowed: true, billable: false } };

describe('Zalo client against the fake Zalo server', () => {
  let fake: FakeZalo;
  let client: ZaloClient;

  beforeEach(async () => {
    await clearDatabase();
    fake = await startFakeZalo();
    const config = configFor(fake);
    client = new ZaloClient(config, { tokens: new ZaloTokenStore(config), timeoutMs: 400 });
  });
  afterEach(async () => {
    await fake.close();
  });

  it('when a text is sent, then Zalo receives it for that person and its message_id is returned', async () => {
    const result = await client.send(USER, { text: 'Xin chào! Sở KH&CN có thể giúp gì?' }, OPTIONS);
    expect(fake.messagesTo(USER).map((m) => m.body)).toEqual([{ recipient: { user_id: USER }, message: { text: 'Xin chào! Sở KH&CN có thể giúp gì?' } }]);
    expect(result.platformMessageId).toBe(fake.sent[0]!.messageId);
    expect(fake.sent[0]!.accessToken).toBe(fake.currentTokens().accessToken);
  });

  it('when a long answer with buttons is sent, then the parts arrive in order and the buttons ride on the last', async () => {
    const text = Array.from(
      { length: 30 },
      (_, i) => `Bước ${i + 1}: nộp hồ sơ đăng ký nhãn hiệu tại Cục Sở hữu trí tuệ hoặc qua cổng dịch vụ công trực tuyến.`,
    ).join(' ');
    const result = await client.send(USER, { text, quickReplies: [{ title: 'Hỏi tiếp', payload: 'ask' }] }, OPTIONS);
    const bodies = fake.messagesTo(USER).map((m) => m.body.message);
    expect(bodies.length).toBeGreaterThan(1);
    expect(bodies.map((b) => b.text).join(' ')).toBe(text);
    expect(bodies.slice(0, -1).every((b) => b.attachment === undefined)).toBe(true);
    expect(bodies.at(-1)!.attachment).toMatchObject({ type: 'template', payload: { buttons: [{ type: 'oa.query.hide', payload: '#ask' }] } });
    expect(result.platformMessageId).toBe(fake.sent.at(-1)!.messageId);
  });

  it('when Zalo answers a rate limit, then a retryable error, and the next try goes through', async () => {
    fake.failNextSends(1, -32, 'Exceed rate limit');
    const err = await client.send(USER, { text: 'Xin chào' }, OPTIONS).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChannelSendError);
    expect(err).toMatchObject({ platformCode: '-32', retryable: true });
    await client.send(USER, { text: 'Xin chào' }, OPTIONS);
    expect(fake.sent).toHaveLength(1);
  });

  it('when Zalo answers HTTP 500, then a retryable error', async () => {
    fake.failNextSendsWithHttp(1, 500);
    await expect(client.send(USER, { text: 'Xin chào' }, OPTIONS)).rejects.toMatchObject({ platformCode: 'http_500', retryable: true });
  });

  it('when Zalo does not answer in time or cannot be reached, then ChannelUnreachableError', async () => {
    fake.hang(true);
    const slow = await client.send(USER, { text: 'Xin chào' }, OPTIONS).catch((e: unknown) => e);
    expect(slow).toBeInstanceOf(ChannelUnreachableError);
    expect((slow as Error).message).toMatch(/no answer within 400 ms/);
    await fake.close();
    await expect(client.send(USER, { text: 'Xin chào' }, OPTIONS)).rejects.toBeInstanceOf(ChannelUnreachableError);
    fake = await startFakeZalo(); // for afterEach
  });

  it('when the person has not interacted for 7 days or restricted messages, then a permanent error and no retry', async () => {
    for (const code of [-230, -232, -227, -244, -201, -233]) {
      fake.failNextSends(1, code);
      const err = await client.send(USER, { text: 'Trả lời câu hỏi' }, OPTIONS).catch((e: unknown) => e);
      expect(err, String(code)).toBeInstanceOf(ChannelSendError);
      expect(err, String(code)).toMatchObject({ platformCode: String(code), retryable: false });
    }
    expect(fake.sendAttempts).toHaveLength(6);
    expect(fake.sent).toHaveLength(0);
  });

  it('when the OA or app is not authorized, then an auth error an admin must fix', async () => {
    for (const code of [-209, -212, -223, -224]) {
      fake.failNextSends(1, code);
      await expect(client.send(USER, { text: 'a' }, OPTIONS), String(code)).rejects.toBeInstanceOf(ChannelAuthError);
    }
  });

  it('when the fake enforces the 7-day window, then only a person who interacted gets the message', async () => {
    await fake.close();
    fake = await startFakeZalo({ enforceInteractionWindow: true });
    const config = configFor(fake);
    client = new ZaloClient(config, { tokens: new ZaloTokenStore(config) });
    fake.recordInteraction(USER, new Date(Date.now() - 8 * 86_400_000));
    await expect(client.send(USER, { text: 'a' }, OPTIONS)).rejects.toMatchObject({ platformCode: '-230', retryable: false });
    fake.recordInteraction(USER);
    expect(typeof (await client.send(USER, { text: 'a' }, OPTIONS)).platformMessageId).toBe('string');
  });

  it('when Zalo rejects the access token (-216), then exactly one refresh and one retry deliver the message', async () => {
    await client.send(USER, { text: 'Lần đầu' }, OPTIONS);
    fake.revokeAccessToken();
    await client.send(USER, { text: 'Sau khi token hết hạn' }, OPTIONS);
    expect(fake.refreshCalls).toHaveLength(1);
    expect(fake.sendAttempts.map((a) => a.error)).toEqual([0, -216, 0]);
    expect(fake.sent.map((m) => m.body.message.text)).toEqual(['Lần đầu', 'Sau khi token hết hạn']);
    const stored = await ChannelTokenModel.findById('zalo').lean();
    expect(stored!.accessToken).toBe(fake.currentTokens().accessToken);
    expect(fake.sent[1]!.accessToken).toBe(stored!.accessToken);
  });

  /** Counts the reads of the stored token pair while `act` runs. */
  async function tokenReadsDuring(act: () => Promise<unknown>): Promise<number> {
    let reads = 0;
    const count = (event: { commandName: string; command: Record<string, unknown> }) => {
      if (event.commandName === 'find' && event.command.find === 'channel_tokens') reads += 1;
    };
    const driver = mongoose.connection.getClient();
    driver.on('commandStarted', count);
    try {
      await act();
    } finally {
      driver.off('commandStarted', count);
    }
    return reads;
  }

  it('when two messages are sent within a minute, then the stored token is read once, and again after the minute', async () => {
    const start = Date.now();
    let clock = start;
    const config = configFor(fake);
    const timed = new ZaloClient(config, { tokens: new ZaloTokenStore(config, { now: () => new Date(clock) }), timeoutMs: 400 });
    const withinAMinute = await tokenReadsDuring(async () => {
      await timed.send(USER, { text: 'Một' }, OPTIONS);
      clock = start + 59_000;
      await timed.send(USER, { text: 'Hai' }, OPTIONS);
    });
    clock = start + 61_000;
    const afterTheMinute = await tokenReadsDuring(() => timed.send(USER, { text: 'Ba' }, OPTIONS));
    expect(fake.sent.map((m) => m.body.message.text)).toEqual(['Một', 'Hai', 'Ba']);
    // The first read finds nothing stored yet, seeds the configured pair and reads it back.
    expect(withinAMinute).toBe(2);
    expect(afterTheMinute).toBe(1);
  });

  it('when another instance refreshed the token and Zalo rejects the one kept in memory, then the send reads the stored pair and goes through without a refresh of its own', async () => {
    const revoking = await startFakeZalo({ revokeOldAccessTokens: true });
    try {
      const config = configFor(revoking);
      const here = new ZaloClient(config, { tokens: new ZaloTokenStore(config), timeoutMs: 400 });
      const elsewhere = new ZaloTokenStore(config);
      await here.send(USER, { text: 'Trước' }, OPTIONS);
      const fresh = await elsewhere.refreshAfterRejection(config.accessToken!);
      const reads = await tokenReadsDuring(async () => {
        await here.send(USER, { text: 'Sau' }, OPTIONS);
        await here.send(USER, { text: 'Tiếp' }, OPTIONS);
      });
      expect(revoking.sent.map((m) => [m.body.message.text, m.accessToken])).toEqual([
        ['Trước', config.accessToken],
        ['Sau', fresh],
        ['Tiếp', fresh],
      ]);
      expect(revoking.sendAttempts.map((a) => a.error)).toEqual([0, -216, 0, 0]);
      expect(revoking.refreshCalls).toHaveLength(1);
      // Read once on the rejection; the next send uses the pair it found.
      expect(reads).toBe(1);
    } finally {
      await revoking.close();
    }
  });

  it('when the token is still rejected after the refresh, then an auth error and no third attempt', async () => {
    fake.failNextSends(2, -216, 'Access token is invalid');
    await expect(client.send(USER, { text: 'a' }, OPTIONS)).rejects.toBeInstanceOf(ChannelAuthError);
    expect(fake.refreshCalls).toHaveLength(1);
    expect(fake.sendAttempts).toHaveLength(2);
  });

  it('when a profile is read, then the display name comes back', async () => {
    fake.setProfile(USER, { display_name: 'Nguyễn Thị Hoa' });
    await expect(client.getProfile(USER)).resolves.toMatchObject({ user_id: USER, display_name: 'Nguyễn Thị Hoa' });
    fake.setProfile('99', null);
    await expect(client.getProfile('99')).rejects.toMatchObject({ platformCode: '-213', retryable: false });
  });
});

describe('Zalo error mapping', () => {
  it('when Zalo refuses at night (-234), then it is retried after 06:00 Vietnam time', () => {
    const err = zaloSendError(-234, 'Night ban', new Date('2026-05-12T23:00:00+07:00'));
    expect(err).toMatchObject({ retryable: true, retryAfterMs: 7 * 3_600_000 });
  });

  it('when Zalo answers a code nobody documented, then it is not retried', () => {
    expect(zaloSendError(-999, 'Unknown')).toMatchObject({ platformCode: '-999', retryable: false });
  });
});
