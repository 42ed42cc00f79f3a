import { request, type ClientRequest } from 'node:http';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebChatClient, WebChatHub, type FeedEntry } from '../../../src/channels/webchat/index.js';
import { networkOf } from '../../../src/http/rate-limit.js';
import type { RunningService } from '../../../src/service.js';
import { useTestDatabase } from '../../support/database.js';
import { openSse } from './sse-reader.js';
import { newVisitor, startWebChatService, stopWebChatService, type TestVisitor } from './start-webchat.js';

const db = useTestDatabase('webchat_streams');
let service: RunningService;

beforeAll(async () => {
  service = await startWebChatService(
    db.uri,
    {},
    { streamPollMs: 100, maxStreamsPerVisitor: 2, maxStreamsPerNetwork: 3, maxStreams: 4, visitorsPerMinute: 100, ipRequestsPerMinute: 1_000 },
  );
});
afterAll(async () => {
  await stopWebChatService(service, db.uri);
});

interface OpenedStream {
  status: number;
  error?: string;
  retryAfter?: string;
  close(): void;
}

/** Opens a chat stream from the local address `from` (127.0.0.x are all this machine). */
function openFrom(from: string, visitor: TestVisitor): Promise<OpenedStream> {
  return new Promise((resolve, reject) => {
    let req: ClientRequest | undefined = undefined;
    req = request(`${service.url}/chat/api/stream?after=0`, { localAddress: from, headers: { ...visitor.auth, Accept: 'text/event-stream' } }, (res) => {
      const close = () => req?.destroy();
      if (res.statusCode === 200) {
        res.on('error', () => undefined);
        resolve({ status: 200, close });
        return;
      }
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, error: (JSON.parse(body) as { error: string }).error, retryAfter: res.headers['retry-after'], close }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('web chat stream limits and the shared poll', () => {
  it('when IPv6 addresses share a /64, then they count as one network; IPv4 and mapped IPv4 count by address', () => {
    expect(networkOf('2001:db8:1:2:aaaa::1')).toBe(networkOf('2001:db8:1:2:ffff:1:2:3'));
    expect(networkOf('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(networkOf('2001:db8:1:3::1')).not.toBe(networkOf('2001:db8:1:2::1'));
    expect(networkOf('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(networkOf('203.0.113.7')).not.toBe(networkOf('203.0.113.8'));
  });

  it('when one visitor, one address or the whole process holds the most streams allowed, then the next is refused until one closes', async () => {
    const [a, b, c, d, e] = await Promise.all([1, 2, 3, 4, 5].map(() => newVisitor(service.url)));
    const opened: OpenedStream[] = [];
    try {
      opened.push(await openFrom('127.0.0.1', a!), await openFrom('127.0.0.1', a!));
      const third = await openFrom('127.0.0.1', a!);
      expect([third.status, third.error]).toEqual([429, 'too_many_streams']);

      opened.push(await openFrom('127.0.0.1', b!));
      // A fresh visitor id from the same address does not get round the address cap.
      const sameAddress = await openFrom('127.0.0.1', c!);
      expect([sameAddress.status, sameAddress.error, sameAddress.retryAfter]).toEqual([429, 'too_many_streams_from_address', '30']);

      opened.push(await openFrom('127.0.0.2', d!));
      expect(opened.map((s) => s.status)).toEqual([200, 200, 200, 200]);
      const full = await openFrom('127.0.0.3', e!);
      expect([full.status, full.error]).toEqual([503, 'streams_full']);

      opened.shift()!.close();
      await expect
        .poll(async () => {
          const retry = await openFrom('127.0.0.3', e!);
          if (retry.status === 200) opened.push(retry);
          return retry.status;
        })
        .toBe(200);
    } finally {
      for (const stream of opened) stream.close();
    }
  });

  it('when a visitor has several streams open, then the process polls their feed once per round, not once per stream', async () => {
    // Wait for the previous test's streams to be gone.
    await expect
      .poll(async () => {
        const probe = await openFrom('127.0.0.4', await newVisitor(service.url));
        probe.close();
        return probe.status === 200 ? 'room' : 'full';
      })
      .toBe('room');
    const many = await newVisitor(service.url);
    const one = await newVisitor(service.url);
    const lookups = new Map<string, number>();
    const count = (collection: string, method: string, query: unknown) => {
      if (collection !== 'webchat_lines' || !['findOne', 'countDocuments'].includes(method)) return;
      const key = (query as { _id?: unknown })._id;
      const id = typeof key === 'string' ? key : '';
      for (const visitor of [many, one]) if (id.startsWith(`${visitor.visitorId}#`)) lookups.set(visitor.visitorId, (lookups.get(visitor.visitorId) ?? 0) + 1);
    };
    const streams = [
      await openSse(`${service.url}/chat/api/stream?after=0`, many.auth),
      await openSse(`${service.url}/chat/api/stream?after=0`, many.auth),
      await openSse(`${service.url}/chat/api/stream?after=0`, one.auth),
    ];
    try {
      mongoose.set('debug', count);
      // Lines written by another instance reach every stream, through the shared poll.
      const elsewhere = new WebChatClient({ hub: new WebChatHub() });
      const notice = { purpose: 'notice' as const, window: { allowed: true as const } };
      await elsewhere.send(many.visitorId, { text: 'cho hai thẻ' }, notice);
      await elsewhere.send(one.visitorId, { text: 'cho một thẻ' }, notice);
      for (const stream of streams.slice(0, 2))
        expect((JSON.parse((await stream.waitFor((e) => e.event === 'message')).data) as FeedEntry).text).toBe('cho hai thẻ');
      expect((JSON.parse((await streams[2]!.waitFor((e) => e.event === 'message')).data) as FeedEntry).text).toBe('cho một thẻ');
      lookups.clear();
      await expect.poll(() => lookups.get(one.visitorId) ?? 0).toBeGreaterThanOrEqual(5);
      mongoose.set('debug', false);
      // Two streams of one visitor cost what one stream costs (give or take the round under way).
      expect(lookups.get(many.visitorId) ?? 0).toBeLessThanOrEqual((lookups.get(one.visitorId) ?? 0) + 2);
    } finally {
      mongoose.set('debug', false);
      for (const stream of streams) await stream.close();
    }
  });
});
