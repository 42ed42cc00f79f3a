// News to many subscribers, with the project's news module (src/news): seeds subscribers and
// one due news item, then runs the news job's pass (dispatchNews): it plans one delivery per
// subscriber, then queues them in the outbox with rate limits off while the outbox worker
// sends them to the bench's fake Zalo and Graph servers.
import { assembleChannels } from '../../src/channels/registry.js';
import { buildChannelParts } from '../../src/channels/build.js';
import { loadConfig } from '../../src/config/config.js';
import { connectDatabase, disconnectDatabase } from '../../src/db/connect.js';
import { BroadcastModel } from '../../src/db/models/broadcast.js';
import { ContactModel } from '../../src/db/models/contact.js';
import { loadI18n } from '../../src/i18n.js';
import { dispatchNews } from '../../src/news/dispatch.js';
import type { NewsRates } from '../../src/news/rates.js';
import { toBroadcastRecord, type BroadcastRecord } from '../../src/news/record.js';
import { createOutboxDelivery } from '../../src/outbox/deliver.js';
import { createOutboxWorker } from '../../src/outbox/worker.js';
import { serveTarget } from '../lib/target.js';

/** "Rate limits off": far above anything the pacer would ever wait for. */
const UNLIMITED: NewsRates = { zalo: 1e9, messenger: 1e9, webchat: 1e9, terminal: 1e9 };
const TOPIC = 'chat-luong';

await serveTarget(async () => {
  const config = loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', JOBS_ENABLED: 'false' });
  await connectDatabase(process.env.BENCH_MONGODB_URI!);
  loadI18n('content');
  const channels = assembleChannels(buildChannelParts(config));
  const delivery = createOutboxDelivery({
    clients: channels.clients,
    policies: channels.policies,
    maxAttempts: config.outbox.maxAttempts,
    leaseMs: config.outbox.leaseMs,
  });
  const outbox = createOutboxWorker({ delivery, pollMs: config.outbox.pollMs, leaseMs: config.outbox.leaseMs });
  let item: BroadcastRecord | undefined;

  return {
    url: '',
    commands: {
      /** Subscribers to the topic, half on Zalo and half on Messenger, all within their windows. */
      async seed(args) {
        const count = Number((args as { count: number }).count);
        const now = new Date();
        const started = performance.now();
        for (let start = 0; start < count; start += 5_000) {
          const docs = [];
          for (let i = start; i < Math.min(count, start + 5_000); i += 1) {
            const channel = i % 2 === 0 ? 'zalo' : 'messenger';
            const userId = channel === 'zalo' ? String(3_000_000_000_000_000_000n + BigInt(i)) : String(8_000_000_000_000_000 + i);
            docs.push({
              key: `${channel}:${userId}`,
              channel,
              userId,
              language: i % 5 === 0 ? 'en' : 'vi',
              followState: 'following',
              firstSeenAt: now,
              lastInboundAt: now,
              subscriptions: i % 10 === 0 ? [TOPIC, 'do-luong'] : [TOPIC],
              consents: [],
            });
          }
          await ContactModel.insertMany(docs, { lean: true });
        }
        const doc = await BroadcastModel.create({
          topic: TOPIC,
          title: 'Quy định mới về hàng hóa nhóm 2',
          text: 'Từ ngày 1/7, hàng hóa nhóm 2 phải công bố hợp quy trước khi lưu thông.',
          scheduledAt: now,
          expiresAt: new Date(now.getTime() + 86_400_000),
          createdBy: 'vanphong',
        });
        item = toBroadcastRecord(doc.toObject());
        return { ms: performance.now() - started };
      },
      /**
       * One pass of the news job (dispatchNews): it plans the due item, then sends with rate
       * limits off while the outbox worker delivers. Planning time comes from the item's own
       * planStartedAt/plannedAt; sending is stopped `windowMs` after it began.
       */
      async dispatch(args) {
        const windowMs = Number((args as { windowMs: number }).windowMs);
        outbox.start();
        const abort = new AbortController();
        let peakPlanningMb = process.memoryUsage.rss() / 1e6;
        let sendingSince: number | undefined;
        const watch = setInterval(() => {
          if (sendingSince === undefined) peakPlanningMb = Math.max(peakPlanningMb, process.memoryUsage.rss() / 1e6);
          BroadcastModel.findById(item!.id, { status: 1 })
            .lean()
            .then(
              (doc) => {
                if (sendingSince === undefined && doc?.status === 'sending') {
                  sendingSince = performance.now();
                  setTimeout(() => abort.abort(), windowMs);
                }
              },
              (err: unknown) => console.error('could not read the news item', err),
            );
        }, 50);
        try {
          const counts = await dispatchNews({ policies: channels.policies, rates: UNLIMITED, wakeOutbox: () => outbox.wake(), signal: abort.signal });
          const doc = await BroadcastModel.findById(item!.id).lean();
          const planMs = doc?.plannedAt && doc.planStartedAt ? doc.plannedAt.getTime() - doc.planStartedAt.getTime() : Number.NaN;
          return { planMs, targeted: doc?.targeted ?? 0, peakPlanningMb, sendMs: sendingSince === undefined ? 0 : performance.now() - sendingSince, counts };
        } finally {
          clearInterval(watch);
        }
      },
    },
    async stop() {
      await outbox.stop();
      await disconnectDatabase();
    },
  };
});
