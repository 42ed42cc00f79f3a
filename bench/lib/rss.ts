import { readFileSync } from 'node:fs';

/** Resident set size of a process in MB, from /proc (Linux); this process's own when `pid` is omitted. */
export function rssMb(pid?: number): number {
  if (pid === undefined || pid === process.pid) return process.memoryUsage.rss() / 1e6;
  return procStatusKb(pid, 'VmRSS') / 1e3;
}

function procStatusKb(pid: number, field: string): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return match ? Number(match[1]) : Number.NaN;
  } catch {
    // The process is gone: there is no figure to report.
    return Number.NaN;
  }
}

/** Samples a process's RSS at a fixed interval while a load runs; reports the highest and the mean. */
export class RssSampler {
  private readonly samples: number[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly pid: number,
    private readonly everyMs = 100,
  ) {}

  start(): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.everyMs);
    return this;
  }

  stop(): { maxMb: number; meanMb: number } {
    clearInterval(this.timer);
    this.sample();
    const valid = this.samples.filter((s) => Number.isFinite(s));
    const maxMb = valid.length > 0 ? Math.max(...valid) : Number.NaN;
    const meanMb = valid.length > 0 ? valid.reduce((a, b) => a + b, 0) / valid.length : Number.NaN;
    return { maxMb, meanMb };
  }

  private sample(): void {
    this.samples.push(rssMb(this.pid));
  }
}
