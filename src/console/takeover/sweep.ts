import { ContactModel } from '../../db/models/contact.js';
import { describeError } from '../../errors.js';
import type { Logger } from '../../log.js';
import type { WakeOutbox } from '../../outbox/wake.js';
import { handBack } from './service.js';

export interface TakeoverSweepOptions {
  idleMs: number;
  intervalMs: number;
  logger: Logger;
  /** Called after something was handed back (to wake the live feed). */
  onHandedBack: () => void;
  /** The service's outbox wake-up, told of the message that tells the person. */
  wakeOutbox: WakeOutbox;
  now?: () => Date;
}

/**
 * Hands back, every `intervalMs`, each takeover with no officer activity for longer than
 * `idleMs` (the gate does it too, but only when the person writes). Safe on several
 * instances: each takeover is handed back once.
 */
export class TakeoverSweep {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private readonly now: () => Date;

  constructor(private readonly options: TakeoverSweepOptions) {
    this.now = options.now ?? (() => new Date());
  }

  start(): void {
    this.timer ??= setInterval(() => {
      if (this.running) return;
      this.running = this.sweepOnce()
        .catch((err: unknown) => {
          this.options.logger.warn({ err: describeError(err) }, 'takeover sweep failed; retrying at the next run');
          return 0;
        })
        .finally(() => {
          this.running = undefined;
        });
    }, this.options.intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One pass; returns how many conversations went back to the bot. */
  async sweepOnce(): Promise<number> {
    const now = this.now();
    const cutoff = new Date(now.getTime() - this.options.idleMs);
    const idle = await ContactModel.find({ 'takeover.lastActivityAt': { $lt: cutoff } }, { key: 1, takeover: 1 })
      .limit(200)
      .lean();
    let count = 0;
    for (const contact of idle) {
      const t = contact.takeover;
      if (!t?.staffId || !t.since || !t.lastActivityAt) continue;
      const state = { staffId: t.staffId, staffName: t.staffName ?? t.staffId, since: t.since, lastActivityAt: t.lastActivityAt };
      if (await handBack(contact.key, state, 'idle', 'system', this.options.wakeOutbox, now)) count += 1;
    }
    if (count > 0) {
      this.options.logger.info({ count }, 'idle takeovers handed back to the bot');
      this.options.onHandedBack();
    }
    return count;
  }
}
