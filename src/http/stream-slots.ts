/** Caps on open live streams in one process. */
export interface StreamLimits {
  /** Streams one owner (a visitor, a member of staff) may hold. */
  perOwner: number;
  /** Streams one client network (IPv4 address, IPv6 /64) may hold. */
  perNetwork: number;
  /** Streams the whole process holds at most. */
  total: number;
}

/** Why a stream was refused: which cap it hit. */
export type StreamRefusal = 'owner' | 'network' | 'process';

export type SlotResult = { ok: true; release: () => void } | { ok: false; refusal: StreamRefusal };

function bump(counts: Map<string, number>, key: string, by: number): void {
  const next = (counts.get(key) ?? 0) + by;
  if (next > 0) counts.set(key, next);
  else counts.delete(key);
}

/**
 * Counts the open streams of a process by owner and by client network, and refuses one more
 * past any cap. Memory is bounded by the total cap. Each process counts its own; with several
 * instances the caps multiply by their number.
 */
export class StreamSlots {
  private readonly byOwner = new Map<string, number>();
  private readonly byNetwork = new Map<string, number>();
  private open = 0;

  constructor(private readonly limits: StreamLimits) {}

  /** Takes a slot for `owner` from `network`; `release` gives it back (once). */
  take(owner: string, network: string): SlotResult {
    if (this.open >= this.limits.total) return { ok: false, refusal: 'process' };
    if ((this.byNetwork.get(network) ?? 0) >= this.limits.perNetwork) return { ok: false, refusal: 'network' };
    if ((this.byOwner.get(owner) ?? 0) >= this.limits.perOwner) return { ok: false, refusal: 'owner' };
    this.open += 1;
    bump(this.byOwner, owner, 1);
    bump(this.byNetwork, network, 1);
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        this.open -= 1;
        bump(this.byOwner, owner, -1);
        bump(this.byNetwork, network, -1);
      },
    };
  }

  /** Streams open now. */
  get size(): number {
    return this.open;
  }
}
