import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ChannelAuthError, ChannelSendError, ChannelUnreachableError } from '../../../src/channels/errors.js';
import { MessengerClient } from '../../../src/channels/messenger/client.js';
import { startFakeGraph, type FakeGraph } from '../../fakes/messenger/server.js';
import type { SendOptions } from '../../../src/channels/types.js';

const token = 'EAAGtestPAGEtoken0123456789secret';
const appSecret = 'app-secret-7f3e9a';
const psid = '7000000000000001';
const reply: SendOptions = { purpose: 'reply', window: { allowed: true, messagingType: 'RESPONSE' } };
let graph: FakeGraph;
let client: MessengerClient;

beforeAll(async () => {
  graph = await startFakeGraph({ accessToken: token, appSecret });
  client = new MessengerClient(graph.messengerConfig(), { timeoutMs: 500 });
});
afterAll(async () => {
  await graph.close();
});
beforeEach(() => graph.reset());

/** Runs a send expected to fail and returns what was thrown. */
async function failure(send: Promise<unknown>): Promise<Error> {
  const err = await send.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(Error);
  return err as Error;
}

function expectNoSecret(err: Error): void {
  const seen = [err.message, String(err.cause), JSON.stringify(err.cause ?? null), err.stack ?? ''].join('\n');
  expect(seen).not.toContain(token);
  expect(seen).not.toContain(encodeURIComponent(token));
  expect(seen).not.toContain(appSecret);
}

describe('Messenger client sending', () => {
  it('when a reply is sent, then the Send API gets recipient, RESPONSE and the message, and its message_id comes back', async () => {
    const result = await client.send(psid, { text: 'Chào anh/chị, Sở KH&CN xin trả lời.' }, reply);
    expect(graph.sent).toHaveLength(1);
    expect(graph.sent[0]).toMatchObject({ recipientId: psid, messaging_type: 'RESPONSE', message: { text: 'Chào anh/chị, Sở KH&CN xin trả lời.' } });
    expect(graph.sent[0]?.tag).toBeUndefined();
    expect(result.platformMessageId).toBe(graph.sent[0]?.message_id);
  });

  it('when a long text with choices is sent, then every part arrives in order and the last id is returned', async () => {
    const text = 'Quy trình đánh giá sự phù hợp gồm nhiều bước. '.repeat(100).trim();
    const result = await client.send(psid, { text, quickReplies: [{ title: 'Hỏi tiếp', payload: 'ASK_MORE' }] }, reply);
    expect(graph.sent.length).toBeGreaterThan(2);
    expect(graph.sent.map((s) => (s.message && 'text' in s.message ? s.message.text : '')).join(' ')).toBe(text);
    expect(graph.sent.at(-1)?.message?.quick_replies).toHaveLength(1);
    expect(result.platformMessageId).toBe(graph.sent.at(-1)?.message_id);
  });

  it('when a staff answer goes after 24 hours, then it is sent as MESSAGE_TAG with HUMAN_AGENT', async () => {
    await client.send(
      psid,
      { text: 'Phòng Tiêu chuẩn Đo lường Chất lượng trả lời: …' },
      { purpose: 'staff_answer', window: { allowed: true, messagingType: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' } },
    );
    expect(graph.sent[0]).toMatchObject({ messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });
  });

  it('when a proactive message has no messaging type in its window, then it goes as UPDATE', async () => {
    await client.send(psid, { text: 'Nhắc lịch hội thảo' }, { purpose: 'reminder', window: { allowed: true } });
    expect(graph.sent[0]?.messaging_type).toBe('UPDATE');
  });

  it('when buttons are sent, then the fake accepts the button template as Graph would', async () => {
    await client.send(psid, { text: 'Chọn', buttons: [{ type: 'url', title: 'Cổng dịch vụ công quốc gia', url: 'https://dichvucong.gov.vn' }] }, reply);
    const message = graph.sent[0]?.message;
    expect(message && 'attachment' in message && message.attachment.type).toBe('template');
  });
});

describe('Messenger client errors', () => {
  it.each([
    ['rate limit 613', (g: FakeGraph) => g.rateLimitNext(1, 613), '613'],
    ['rate limit 4', (g: FakeGraph) => g.rateLimitNext(1, 4), '4'],
    ['temporary error 2', (g: FakeGraph) => g.failNext(1, { code: 2, message: 'An unexpected error has occurred. Please retry your request later.' }), '2'],
    ['send API error 1200', (g: FakeGraph) => g.failNext(1, { code: 1200, message: 'Temporary send message failure. Please try again later' }), '1200'],
    ['bare HTTP 502', (g: FakeGraph) => g.httpErrorNext(1, 502), 'http_502'],
  ])('when Graph answers a %s, then a retryable error is thrown and the next try succeeds', async (_name, arm, code) => {
    arm(graph);
    const err = await failure(client.send(psid, { text: 'Thử lại' }, reply));
    expect(err).toBeInstanceOf(ChannelSendError);
    expect(err).not.toBeInstanceOf(ChannelAuthError);
    expect((err as ChannelSendError).platformCode).toBe(code);
    expect((err as ChannelSendError).retryable).toBe(true);
    expect(graph.sent).toHaveLength(0);
    await expect(client.send(psid, { text: 'Thử lại' }, reply)).resolves.toHaveProperty('platformMessageId');
    expect(graph.sent).toHaveLength(1);
  });

  it.each([
    ['a person who blocked the Page', (g: FakeGraph) => g.blockRecipient(psid), '551/1545041', /cannot be reached/],
    [
      'a closed window',
      (g: FakeGraph) => g.failNext(1, { code: 10, subcode: 2018278, message: '(#10) This message is sent outside of allowed window.' }),
      '10/2018278',
      /window/,
    ],
    ['a closed window (2534022)', (g: FakeGraph) => g.failNext(1, { code: 10, subcode: 2534022, message: '(#10) Outside window' }), '10/2534022', /window/],
    ['an invalid parameter', (g: FakeGraph) => g.failNext(1, { code: 100, message: '(#100) Invalid parameter' }), '100', /invalid/],
    ['abusive sending', (g: FakeGraph) => g.failNext(1, { code: 368, message: 'Temporarily blocked for policies violations' }), '368', /abusive/],
    ['a missing permission', (g: FakeGraph) => g.failNext(1, { code: 230, message: 'Requires pages_messaging permission' }), '230', /pages_messaging/],
    ['a 5xx carrying a permanent code', (g: FakeGraph) => g.failNext(1, { code: 551, subcode: 1545041, status: 500 }), '551/1545041', /cannot be reached/],
  ])('when Graph refuses %s, then a permanent error says what to do', async (_name, arm, code, advice) => {
    arm(graph);
    const err = await failure(client.send(psid, { text: 'Xin chào' }, reply));
    expect(err).toBeInstanceOf(ChannelSendError);
    expect(err).toMatchObject({ platformCode: code, retryable: false, channel: 'messenger' });
    expect(err.message).toMatch(advice);
    expectNoSecret(err);
  });

  it('when the page token is wrong, then an auth error names the setting to fix and never the token', async () => {
    const wrong = new MessengerClient({ ...graph.messengerConfig(), pageAccessToken: 'EAAGwrongTOKENabcdef123456' });
    const err = await failure(wrong.send(psid, { text: 'Xin chào' }, reply));
    expect(err).toBeInstanceOf(ChannelAuthError);
    expect(err).toMatchObject({ platformCode: '190', retryable: false });
    expect(err.message).toMatch(/FB_PAGE_ACCESS_TOKEN/);
    expect(err.message).not.toContain('EAAGwrongTOKENabcdef123456');
  });

  it('when the app secret is wrong, then Graph rejects the appsecret_proof and the error is permanent', async () => {
    const wrong = new MessengerClient({ ...graph.messengerConfig(), appSecret: 'not-the-secret' });
    const err = await failure(wrong.send(psid, { text: 'Xin chào' }, reply));
    expect(err).toMatchObject({ platformCode: '100', retryable: false });
    expect(err.message).toMatch(/appsecret_proof/);
    expect(err.message).not.toContain('not-the-secret');
  });

  it('when a Graph error message quotes the token, then the thrown error has it redacted', async () => {
    graph.failNext(1, { code: 100, message: `(#100) Bad access_token ${token} given` });
    const err = await failure(client.send(psid, { text: 'Xin chào' }, reply));
    expect(err.message).toContain('[redacted]');
    expectNoSecret(err);
  });

  it('when Graph never answers, then an unreachable error comes after the timeout, without the token', async () => {
    graph.hangNext(1);
    const started = Date.now();
    const err = await failure(client.send(psid, { text: 'Xin chào' }, reply));
    expect(err).toBeInstanceOf(ChannelUnreachableError);
    expect((err as ChannelUnreachableError).retryable).toBe(true);
    expect(err.message).toMatch(/did not answer within 500 ms/);
    expect(Date.now() - started).toBeLessThan(3000);
    expectNoSecret(err);
  });

  it('when Graph answers slower than the timeout, then the call is abandoned as unreachable', async () => {
    graph.setDelay(800);
    const err = await failure(client.send(psid, { text: 'Xin chào' }, reply));
    expect(err).toBeInstanceOf(ChannelUnreachableError);
  });

  it('when nothing listens at the Graph URL, then an unreachable error names the URL, not the token', async () => {
    const closed = await startFakeGraph({ accessToken: token, appSecret });
    const config = closed.messengerConfig();
    await closed.close();
    const err = await failure(new MessengerClient(config).send(psid, { text: 'Xin chào' }, reply));
    expect(err).toBeInstanceOf(ChannelUnreachableError);
    expect(err.message).toContain(config.graphUrl);
    expect(err.message).toMatch(/ECONNREFUSED/);
    expectNoSecret(err);
  });

  it('when the window says MESSAGE_TAG without a tag, then nothing is sent and the error is permanent', async () => {
    const err = await failure(client.send(psid, { text: 'x' }, { purpose: 'staff_answer', window: { allowed: true, messagingType: 'MESSAGE_TAG' } }));
    expect(err).toMatchObject({ platformCode: 'tag_missing', retryable: false });
    expect(graph.attempts).toBe(0);
  });
});
