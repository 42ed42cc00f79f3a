import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Metrics kept by this process (prom-client), rendered with the database gauges by
 * `GET /metrics`. Counters and histograms are per instance (Prometheus sums them across
 * instances); queue depths are read from the database at scrape time (`database-gauges.ts`),
 * so they are the same whichever instance answers. prom-client adds the process metrics
 * (`process_resident_memory_bytes`, CPU, open handles), Node's event-loop lag, GC pauses and
 * heap sizes, and escapes label values as the text format requires.
 */
export const processRegistry = new Registry();
collectDefaultMetrics({ register: processRegistry });

const turnDuration = new Histogram({
  name: 'caunoi_turn_duration_seconds',
  help: 'Time to handle one inbound event (contact, gates, bot turn)',
  labelNames: ['channel'] as const,
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [processRegistry],
});

/** The counters and histograms that the workers and webhooks update. */
export const metrics = {
  /** `observe(seconds, labels)`: the value first, as the workers call it. */
  turnSeconds: {
    observe: (seconds: number, labels: { channel: string }): void => turnDuration.observe(labels, seconds),
  },
  turnsTotal: new Counter({
    name: 'caunoi_turns_total',
    help: 'Inbound events handled, by outcome',
    labelNames: ['channel', 'outcome'] as const,
    registers: [processRegistry],
  }),
  sendsTotal: new Counter({
    name: 'caunoi_sends_total',
    help: 'Outbound send attempts, by channel and outcome',
    labelNames: ['channel', 'outcome'] as const,
    registers: [processRegistry],
  }),
  sendErrorsTotal: new Counter({
    name: 'caunoi_send_errors_total',
    help: 'Failed send attempts, by channel and platform error code',
    labelNames: ['channel', 'code'] as const,
    registers: [processRegistry],
  }),
  webhookEventsTotal: new Counter({
    name: 'caunoi_webhook_events_total',
    help: 'Webhook events received, by channel and result (stored, duplicate, rejected)',
    labelNames: ['channel', 'result'] as const,
    registers: [processRegistry],
  }),
};
