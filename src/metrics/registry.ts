/**
 * A small in-process metrics registry rendered in the Prometheus text format. Counters and
 * histograms are per instance (Prometheus sums them across instances); queue depths are read
 * from the database at scrape time, so they are the same whichever instance answers.
 */
type Labels = Record<string, string>;

function labelKey(labels: Labels): string {
  return Object.keys(labels).sort().map((k) => `${k}="${String(labels[k]).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, ' ')}"`).join(',');
}

export class Counter {
  private readonly values = new Map<string, number>();
  constructor(readonly name: string, readonly help: string) {}
  inc(labels: Labels = {}, by = 1): void {
    const key = labelKey(labels);
    this.values.set(key, (this.values.get(key) ?? 0) + by);
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const [key, value] of this.values) lines.push(`${this.name}${key ? `{${key}}` : ''} ${value}`);
    return lines.join('\n');
  }
}

export class Histogram {
  private readonly counts = new Map<string, { buckets: number[]; sum: number; count: number }>();
  constructor(readonly name: string, readonly help: string, readonly bounds: number[]) {}
  observe(value: number, labels: Labels = {}): void {
    const key = labelKey(labels);
    let entry = this.counts.get(key);
    if (!entry) {
      entry = { buckets: this.bounds.map(() => 0), sum: 0, count: 0 };
      this.counts.set(key, entry);
    }
    this.bounds.forEach((bound, i) => { if (value <= bound) entry!.buckets[i]! += 1; });
    entry.sum += value;
    entry.count += 1;
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const [key, entry] of this.counts) {
      const prefix = key ? `${key},` : '';
      this.bounds.forEach((bound, i) => lines.push(`${this.name}_bucket{${prefix}le="${bound}"} ${entry.buckets[i]}`));
      lines.push(`${this.name}_bucket{${prefix}le="+Inf"} ${entry.count}`);
      lines.push(`${this.name}_sum${key ? `{${key}}` : ''} ${entry.sum}`);
      lines.push(`${this.name}_count${key ? `{${key}}` : ''} ${entry.count}`);
    }
    return lines.join('\n');
  }
}

export const metrics = {
  turnSeconds: new Histogram('caunoi_turn_duration_seconds', 'Time to handle one inbound event (contact, gates, bot turn)', [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]),
  turnsTotal: new Counter('caunoi_turns_total', 'Inbound events handled, by outcome'),
  sendsTotal: new Counter('caunoi_sends_total', 'Outbound send attempts, by channel and outcome'),
  sendErrorsTotal: new Counter('caunoi_send_errors_total', 'Failed send attempts, by channel and platform error code'),
  webhookEventsTotal: new Counter('caunoi_webhook_events_total', 'Webhook events received, by channel and result (stored, duplicate, rejected)'),
};
