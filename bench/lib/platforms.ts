import { buildSignedRequest, buildTextItem, buildWebhookBody, startFakeGraph, type FakeGraph } from '../../test/fakes/messenger/server.js';
import { signedZaloRequest, startFakeZalo, zaloTextEvent, type FakeZalo } from '../../test/fakes/zalo/server.js';
import type { LoadRequest } from './load.js';

export type PlatformChannel = 'messenger' | 'zalo';

/** The fake Zalo OA and Graph servers, and the service settings that point at them. */
export interface Platforms {
  zalo: FakeZalo;
  graph: FakeGraph;
  /** Environment for the service target: both channels on, aimed at the fakes. */
  serviceEnv(): Record<string, string>;
  /** Replies the fakes accepted so far, both channels together. */
  repliesReceived(): number;
  /** Accepted replies as (text, time) pairs, both channels. */
  replies(): { text: string; at: number }[];
  close(): Promise<void>;
}

const APP_SECRET = 'bench-app-secret-7f3a';

export async function startPlatforms(): Promise<Platforms> {
  const zalo = await startFakeZalo();
  const graph = await startFakeGraph({ appSecret: APP_SECRET, accessToken: 'EAABenchPageToken' });
  return {
    zalo,
    graph,
    serviceEnv() {
      return {
        FB_APP_SECRET: graph.appSecret,
        FB_PAGE_ACCESS_TOKEN: graph.accessToken,
        FB_VERIFY_TOKEN: 'bench-verify-token',
        FB_GRAPH_URL: graph.url,
        FB_GRAPH_VERSION: graph.version,
        ...zalo.serviceEnv(),
      };
    },
    repliesReceived: () => graph.sent.length + zalo.sent.length,
    replies: () => [
      ...graph.sent.map((s) => ({ text: s.message && 'text' in s.message ? String(s.message.text) : '', at: s.at.getTime() })),
      ...zalo.sent.map((s) => ({ text: s.body.message.text ?? '', at: s.at.getTime() })),
    ],
    async close() {
      await zalo.close();
      await graph.close();
    },
  };
}

/** The text of message `i` (unique, so its reply can be matched). */
function messageText(run: string, i: number): string {
  return `Cho tôi hỏi thủ tục công bố hợp quy ${run}-${i}`;
}

/**
 * A signed webhook request carrying one text message from person `i % people`, as the
 * platform sends it: Messenger with `X-Hub-Signature-256`, Zalo with `X-ZEvent-Signature`.
 * Timestamps rise with `i`, so each person's messages are in order.
 */
export function platformRequest(channel: PlatformChannel, run: string, i: number, people: number, baseTime: number): LoadRequest {
  const person = i % people;
  const text = messageText(run, i);
  if (channel === 'messenger') {
    const psid = String(7_200_000_000_000_000 + person);
    const body = buildWebhookBody([buildTextItem({ psid, text, mid: `m_${run}_${i}`, timestamp: baseTime + i })]);
    const signed = buildSignedRequest(body, APP_SECRET);
    return { path: '/webhooks/messenger', headers: signed.headers as Record<string, string>, body: signed.rawBody };
  }
  const userId = String(2_468_000_000_000_000_000n + BigInt(person));
  const event = zaloTextEvent({ userId, text, msgId: `${run}${String(i).padStart(8, '0')}`, timestamp: baseTime + i });
  const signed = signedZaloRequest(event);
  return { path: '/webhooks/zalo', headers: signed.headers, body: signed.rawBody };
}

/** The same message for the stock path (botbuilder-adapter-web's webhook format). */
export function stockRequest(run: string, i: number, people: number): LoadRequest {
  const body = Buffer.from(JSON.stringify({ type: 'message', text: messageText(run, i), user: `person-${i % people}`, channel: 'webhook' }), 'utf8');
  return { path: '/api/messages', headers: { 'content-type': 'application/json' }, body };
}

/** A stock answer counts only when it carries the bot's reply to that very message. */
export function stockAnswered(run: string): (status: number, body: string, i: number) => boolean {
  return (status, body, i) => status === 200 && body.includes(messageText(run, i));
}
