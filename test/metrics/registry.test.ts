import { describe, expect, it } from 'vitest';
import { createDatabaseGauges } from '../../src/metrics/database-gauges.js';
import { metrics, processRegistry } from '../../src/metrics/registry.js';

describe('the process metrics', () => {
  it('when a label value holds a quote, a backslash and a line break, then the text format escapes them', async () => {
    metrics.sendErrorsTotal.inc({ channel: 'zalo', code: 'say "hi"\\\nagain' });
    const text = await processRegistry.metrics();
    expect(text).toContain('caunoi_send_errors_total{channel="zalo",code="say \\"hi\\"\\\\\\nagain"} 1');
  });

  it('when scraped, then memory, event-loop lag, GC pauses and heap sizes are there beside our own', async () => {
    metrics.turnSeconds.observe(0.2, { channel: 'messenger' });
    const text = await processRegistry.metrics();
    for (const name of ['process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds', 'nodejs_gc_duration_seconds', 'nodejs_heap_size_used_bytes']) {
      expect(text, name).toMatch(new RegExp(`^# TYPE ${name} `, 'm'));
    }
    expect(text).toContain('caunoi_turn_duration_seconds_bucket{le="0.25",channel="messenger"} 1');
    expect(text).toContain('caunoi_turn_duration_seconds_bucket{le="0.1",channel="messenger"} 0');
  });
});

describe('the database gauges', () => {
  it('when the database is not connected, then only caunoi_database_up has a value, and it is 0', async () => {
    const samples = (await createDatabaseGauges().scrape()).split('\n').filter((line) => line && !line.startsWith('#'));
    expect(samples).toEqual(['caunoi_database_up 0']);
  });
});
