import type { Botkit } from 'botkit';
import { buildChannelParts } from '../../src/channels/build.js';
import { buildSignedRequest, buildTextItem, buildWebhookBody, startFakeGraph, type FakeGraph } from '../fakes/messenger/server.js';
import { postZaloEvent, startFakeZalo, zaloTextEvent, type FakeZalo } from '../fakes/zalo/server.js';
import { ContactModel } from '../../src/db/models/contact.js';
import type { Channel } from '../../src/domain/vocabulary.js';
import { createJobsFeature } from '../../src/jobs/feature.js';
import type { NewsRates } from '../../src/news/rates.js';
import type { StaffActor } from '../../src/services/audit.js';
import type { RunningService } from '../../src/service.js';
import { startTestService } from '../support/service.js';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
const FB_APP_SECRET = 'news-test-app-secret';

export const office: StaffActor = { username: 'vanphong', displayName: 'Văn phòng Sở', role: 'admin' };

/** Fast enough for tests, still paced. */
export const TEST_RATES: NewsRates = { zalo: 6_000, messenger: 6_000, webchat: 6_000, terminal: 6_000 };

/** Every bot turn answers with what it heard, so a turn's reply can be told from news. */
function echoFlows(controller: Botkit): void {
  controller.on('message', async (bot, message) => {
    await bot.reply(message, `Đã nhận: ${message.text}`);
  });
}

export interface NewsWorld {
  service: RunningService;
  zalo: FakeZalo;
  graph: FakeGraph;
  /** Texts (whole wire bodies) each person received, in order. */
  received(channel: Channel, userId: string): string[];
  /** The person writes to the department on their channel, through the real webhook. */
  write(channel: Channel, userId: string, text: string): Promise<void>;
  close(): Promise<void>;
}

/** The whole service with the Zalo and Messenger channels talking to their fake platforms. */
export async function startNewsWorld(mongodbUri: string, env: Record<string, string> = {}): Promise<NewsWorld> {
  const zalo = await startFakeZalo();
  const graph = await startFakeGraph({ appSecret: FB_APP_SECRET });
  const service = await startTestService({
    mongodbUri,
    env: {
      ...zalo.serviceEnv(),
      ZALO_BUTTONS: 'numbered',
      FB_APP_SECRET,
      FB_PAGE_ACCESS_TOKEN: graph.accessToken,
      FB_VERIFY_TOKEN: 'news-verify',
      FB_GRAPH_URL: graph.url,
      FB_GRAPH_VERSION: graph.version,
      ...env,
    },
    channels: buildChannelParts,
    features: (config) => [createJobsFeature(config, { newsRates: TEST_RATES })],
    registerFlows: echoFlows,
  });
  return {
    service,
    zalo,
    graph,
    received(channel, userId) {
      if (channel === 'zalo') return zalo.messagesTo(userId).map((m) => JSON.stringify(m.body.message));
      if (channel === 'messenger') return graph.sent.filter((s) => s.recipientId === userId).map((s) => JSON.stringify(s.message));
      throw new Error(`no fake for ${channel}`);
    },
    async write(channel, userId, text) {
      if (channel === 'zalo') {
        const res = await postZaloEvent(`${service.url}/webhooks/zalo`, zaloTextEvent({ userId, text }));
        if (res.status !== 200) throw new Error(`Zalo webhook answered ${res.status}`);
        return;
      }
      const req = buildSignedRequest(buildWebhookBody([buildTextItem({ psid: userId, text })]), FB_APP_SECRET);
      const res = await fetch(`${service.url}/webhooks/messenger`, {
        method: 'POST',
        headers: req.headers as Record<string, string>,
        body: new Uint8Array(req.rawBody),
      });
      if (res.status !== 200) throw new Error(`Messenger webhook answered ${res.status}`);
    },
    async close() {
      await service.stop();
      await zalo.close();
      await graph.close();
    },
  };
}

let counter = 0;

/** A subscriber of `topic` whose last message was `ageMs` ago. Returns their platform id. */
export async function seedSubscriber(channel: Channel, topic: string, ageMs: number | undefined, now = Date.now()): Promise<string> {
  counter += 1;
  const userId = channel === 'zalo' ? `24684588352961${String(counter).padStart(5, '0')}` : `70000000000${String(counter).padStart(5, '0')}`;
  await ContactModel.create({
    key: `${channel}:${userId}`,
    channel,
    userId,
    language: 'vi',
    followState: 'following',
    firstSeenAt: new Date(now - 30 * DAY),
    lastInboundAt: ageMs === undefined ? undefined : new Date(now - ageMs),
    subscriptions: [topic],
  });
  return userId;
}
