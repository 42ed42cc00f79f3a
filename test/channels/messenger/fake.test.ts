import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ChannelSendError } from '../../../src/channels/errors.js';
import { MessengerClient } from '../../../src/channels/messenger/client.js';
import { startFakeGraph, type FakeGraph } from '../../fakes/messenger/server.js';
import type { SendRequestBody } from '../../../src/channels/messenger/wire.js';

let graph: FakeGraph;
let client: MessengerClient;
const recipient = { id: '7000000000000001' };

beforeAll(async () => {
  graph = await startFakeGraph();
  client = new MessengerClient(graph.messengerConfig(), { timeoutMs: 2000 });
});
afterAll(async () => {
  await graph.close();
});
beforeEach(() => graph.reset());

async function refusal(body: unknown): Promise<ChannelSendError> {
  const err = await client.sendRequest(body as SendRequestBody).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ChannelSendError);
  return err as ChannelSendError;
}

const qr = (title: string) => ({ content_type: 'text', title, payload: 'P' });

describe('fake Graph Send API', () => {
  it('when a body breaks a Send API limit, then it answers error 100 and records nothing', async () => {
    const bad: [string, unknown][] = [
      ['no recipient', { messaging_type: 'RESPONSE', message: { text: 'x' } }],
      ['no messaging_type', { recipient, message: { text: 'x' } }],
      ['MESSAGE_TAG without tag', { recipient, messaging_type: 'MESSAGE_TAG', message: { text: 'x' } }],
      ['retired tag', { recipient, messaging_type: 'MESSAGE_TAG', tag: 'ACCOUNT_UPDATE', message: { text: 'x' } }],
      ['text of 2,000 characters', { recipient, messaging_type: 'RESPONSE', message: { text: 'ậ'.repeat(2000) } }],
      ['14 quick replies', { recipient, messaging_type: 'RESPONSE', message: { text: 'x', quick_replies: Array.from({ length: 14 }, () => qr('a')) } }],
      ['a 21-character title', { recipient, messaging_type: 'RESPONSE', message: { text: 'x', quick_replies: [qr('Quản lý chất lượng sp')] } }],
      [
        'template text of 641',
        {
          recipient,
          messaging_type: 'RESPONSE',
          message: {
            attachment: {
              type: 'template',
              payload: { template_type: 'button', text: 'a'.repeat(641), buttons: [{ type: 'postback', title: 'A', payload: 'A' }] },
            },
          },
        },
      ],
      [
        '4 buttons',
        {
          recipient,
          messaging_type: 'RESPONSE',
          message: {
            attachment: {
              type: 'template',
              payload: { template_type: 'button', text: 'a', buttons: Array.from({ length: 4 }, () => ({ type: 'postback', title: 'A', payload: 'A' })) },
            },
          },
        },
      ],
      ['message and sender_action together', { recipient, messaging_type: 'RESPONSE', message: { text: 'x' }, sender_action: 'typing_on' }],
    ];
    for (const [name, body] of bad) {
      const err = await refusal(body);
      expect(err.platformCode, name).toBe('100');
      expect(err.retryable, name).toBe(false);
    }
    expect(graph.sent).toHaveLength(0);
    expect(graph.attempts).toBe(bad.length);
  });

  it('when a body sits exactly at the limits, then it is accepted and recorded', async () => {
    const answer = await client.sendRequest({
      recipient,
      messaging_type: 'UPDATE',
      message: {
        text: 'ậ'.repeat(1999),
        quick_replies: Array.from({ length: 13 }, () => ({ content_type: 'text' as const, title: 'Quản lý chất lượng s', payload: 'P' })),
      },
    });
    expect(answer).toEqual({ recipient_id: recipient.id, message_id: graph.sent[0]?.message_id });
    expect(graph.sent[0]).toMatchObject({ recipientId: recipient.id, messaging_type: 'UPDATE' });
  });

  it('when a typing indicator is sent, then it is recorded without a message id in the answer', async () => {
    const answer = await client.sendRequest({ recipient, messaging_type: 'RESPONSE', sender_action: 'typing_on' });
    expect(answer.message_id).toBeUndefined();
    expect(graph.sent[0]?.sender_action).toBe('typing_on');
  });

  it('when the appsecret_proof is missing or the path has another version, then Graph-style errors come back', async () => {
    const noProof = await fetch(`${graph.url}/${graph.version}/me/messages?access_token=${graph.accessToken}`, { method: 'POST', body: '{}' });
    expect(noProof.status).toBe(400);
    expect(await noProof.json()).toMatchObject({ error: { code: 100, type: 'GraphMethodException' } });
    const otherVersion = await fetch(`${graph.url}/v3.2/me/messages`, { method: 'POST', body: '{}' });
    expect(await otherVersion.json()).toMatchObject({ error: { code: 2500 } });
  });
});
