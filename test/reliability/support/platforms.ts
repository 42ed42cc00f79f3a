import type { Botkit } from 'botkit';
import { buildChannelParts } from '../../../src/channels/build.js';
import { startFakeGraph, type FakeGraph } from '../../fakes/messenger/server.js';
import { startFakeZalo, type FakeZalo } from '../../fakes/zalo/server.js';
import type { RunningService } from '../../../src/service.js';
import { startTestService, type TestServiceOptions } from '../../support/service.js';

const FB_VERIFY_TOKEN = 'reliability-verify-token';

/** Both fake platforms, started on free ports of 127.0.0.1. */
export interface Fakes {
  zalo: FakeZalo;
  graph: FakeGraph;
  close(): Promise<void>;
}

export async function startFakes(): Promise<Fakes> {
  const zalo = await startFakeZalo();
  const graph = await startFakeGraph();
  return {
    zalo,
    graph,
    close: async () => {
      await zalo.close();
      await graph.close();
    },
  };
}

/** The environment that turns both channels on against the fakes. */
export function platformEnv(fakes: Fakes): Record<string, string> {
  return {
    ...fakes.zalo.serviceEnv(),
    FB_APP_SECRET: fakes.graph.appSecret,
    FB_PAGE_ACCESS_TOKEN: fakes.graph.accessToken,
    FB_VERIFY_TOKEN,
    FB_GRAPH_URL: fakes.graph.url,
    FB_GRAPH_VERSION: fakes.graph.version,
  };
}

/** Test flows: every text is answered once with `echo: <text>`, so each reply names its message. */
function echoFlows(controller: Botkit): void {
  controller.on('message', async (bot, message) => {
    await bot.reply(message, `echo: ${message.text ?? ''}`);
  });
}

export const echoOf = (text: string): string => `echo: ${text}`;

/** The service in this process with Zalo and Messenger on the fakes and the echo flows. */
export function startEchoService(
  mongodbUri: string,
  fakes: Fakes,
  env: Record<string, string> = {},
  options: Pick<TestServiceOptions, 'rateLimitClock'> = {},
): Promise<RunningService> {
  return startTestService({
    mongodbUri,
    env: { ...platformEnv(fakes), ...env },
    channels: buildChannelParts,
    registerFlows: echoFlows,
    ...options,
  });
}
