import type { ChannelPolicy } from '../channels/types.js';
import type { Channel } from '../domain/vocabulary.js';
import { dispatchNews } from '../news/dispatch.js';
import type { NewsRates } from '../news/rates.js';
import type { WakeOutbox } from '../outbox/wake.js';
import type { JobDefinition } from './types.js';

export interface NewsDispatchJobOptions {
  policies: Partial<Record<Channel, ChannelPolicy>>;
  rates: NewsRates;
  /** The service's outbox wake-up, told of the messages queued and withdrawn. */
  wakeOutbox: WakeOutbox;
  /**
   * A run stops sending after this long and the next tick continues, so one large item does
   * not hold back the expiry and settling of others. Default 10 minutes.
   */
  maxRunMs?: number;
}

/** Planning, sending, settling and expiry of news items as a scheduled job. */
export function newsDispatchJob(cron: string, options: NewsDispatchJobOptions): JobDefinition {
  const maxRunMs = options.maxRunMs ?? 10 * 60_000;
  return {
    name: 'news-dispatch',
    cron,
    leaseMs: 2 * 60_000,
    async run({ signal, log }) {
      const stop = AbortSignal.any([signal, AbortSignal.timeout(maxRunMs)]);
      const counts = await dispatchNews({ policies: options.policies, rates: options.rates, wakeOutbox: options.wakeOutbox, signal: stop, log });
      const summary = `${counts.planned} người được lên kế hoạch, ${counts.queued} tin xếp gửi, ${counts.sent} đã gửi, ${counts.waiting} chờ lần liên hệ tới, ${counts.expired} hết hạn`;
      return { counts: { ...counts }, summary };
    },
  };
}
