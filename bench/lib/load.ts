import { Agent, request } from 'node:http';
import { summarize, type LatencySummary } from './stats.js';

/** One prepared POST: built before the timed run so that the client spends nothing on it. */
export interface LoadRequest {
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

export interface LoadResult {
  /** Requests sent. */
  sent: number;
  /** Requests answered as expected (see `accept`). */
  ok: number;
  failed: number;
  elapsedMs: number;
  /** Accepted answers per second over the run. */
  perSecond: number;
  /** Latency of accepted answers; in a paced run counted from the scheduled send time. */
  latency: LatencySummary;
  /** How many answers had each status (`0` for a network error or timeout). */
  statuses: Record<number, number>;
  /** Wall-clock time (ms since the epoch) the first request was due; request `i` of a paced run was due `i / rate` seconds later. */
  startedAt: number;
}

interface LoadTarget {
  /** Base URL of the server, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** The i-th request (0-based). Called once per request, ahead of the timed part. */
  request(i: number): LoadRequest;
  /** Whether an answer counts as success; default: status 200. */
  accept?: (status: number, body: string, i: number) => boolean;
}

export interface ClosedLoopOptions extends LoadTarget {
  concurrency: number;
  /** Stop after this many requests… */
  requests: number;
  /** …or after this long, whichever comes first. */
  maxMs: number;
  /** First index to use (so a warm-up and the measured run never repeat an event id). */
  offset?: number;
}

export interface PacedOptions extends LoadTarget {
  /** Requests started per second, whatever the server's speed (open loop). */
  ratePerSecond: number;
  durationMs: number;
  offset?: number;
}

const REQUEST_TIMEOUT_MS = 30_000;

function send(agent: Agent, base: URL, r: LoadRequest): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const req = request(
      { host: base.hostname, port: base.port, method: 'POST', path: r.path, agent, headers: { ...r.headers, 'content-length': String(r.body.length) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', () => resolve({ status: 0, body: '' }));
      },
    );
    // A failed request is counted (status 0), not thrown: the run goes on and reports it.
    req.on('error', () => resolve({ status: 0, body: '' }));
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error('timed out')));
    req.end(r.body);
  });
}

function collect(): { record(status: number, ok: boolean, ms: number): void; result(sent: number, elapsedMs: number, startedAt: number): LoadResult } {
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  let ok = 0;
  let failed = 0;
  return {
    record(status, accepted, ms) {
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (accepted) {
        ok += 1;
        latencies.push(ms);
      } else failed += 1;
    },
    result(sent, elapsedMs, startedAt) {
      return { sent, ok, failed, elapsedMs, perSecond: (ok / elapsedMs) * 1000, latency: summarize(latencies), statuses, startedAt };
    },
  };
}

/**
 * Closed loop: `concurrency` clients on keep-alive connections, each sending its next request
 * as soon as the previous one is answered, until `requests` were sent or `maxMs` passed.
 * Requests are prepared before the clock starts.
 */
export async function closedLoop(options: ClosedLoopOptions): Promise<LoadResult> {
  const base = new URL(options.url);
  const offset = options.offset ?? 0;
  const prepared = Array.from({ length: options.requests }, (_, i) => options.request(offset + i));
  const accept = options.accept ?? ((status: number) => status === 200);
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const stats = collect();
  let next = 0;
  const started = performance.now();
  const deadline = started + options.maxMs;
  const client = async (): Promise<void> => {
    while (next < prepared.length && performance.now() < deadline) {
      const i = next++;
      const t0 = performance.now();
      const res = await send(agent, base, prepared[i]!);
      stats.record(res.status, accept(res.status, res.body, offset + i), performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, client));
  const elapsed = performance.now() - started;
  agent.destroy();
  return stats.result(next, elapsed, performance.timeOrigin + started);
}

/**
 * Open loop: starts requests at a fixed rate whether or not earlier ones were answered, and
 * counts each latency from the moment the request was due (so a stalled server cannot hide
 * its queue by slowing the client down).
 */
export async function paced(options: PacedOptions): Promise<LoadResult> {
  const base = new URL(options.url);
  const offset = options.offset ?? 0;
  const total = Math.floor((options.ratePerSecond * options.durationMs) / 1000);
  const interval = 1000 / options.ratePerSecond;
  const prepared = Array.from({ length: total }, (_, i) => options.request(offset + i));
  const accept = options.accept ?? ((status: number) => status === 200);
  const agent = new Agent({ keepAlive: true, maxSockets: 512 });
  const stats = collect();
  const inFlight: Promise<void>[] = [];
  const started = performance.now();
  let i = 0;
  while (i < total) {
    const now = performance.now();
    while (i < total && started + i * interval <= now) {
      const index = i++;
      const due = started + index * interval;
      inFlight.push(
        send(agent, base, prepared[index]!).then((res) => stats.record(res.status, accept(res.status, res.body, offset + index), performance.now() - due)),
      );
    }
    const wait = started + i * interval - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, Math.max(0, wait - 0.5)));
  }
  await Promise.all(inFlight);
  const elapsed = performance.now() - started;
  agent.destroy();
  return stats.result(total, elapsed, performance.timeOrigin + started);
}
