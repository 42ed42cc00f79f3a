import type { Config } from '../../config/config.js';
import type { ChannelPolicy, SendPurpose, WindowDecision } from '../types.js';

const HOUR_MS = 3_600_000;

/**
 * Zalo's consultation window: `/cs` reaches a person only within `days` of their last
 * interaction; the first `freeHours` are free, the rest is billed to the OA. Pure: no I/O.
 * The same rule holds for every purpose, because every message goes through `/cs`.
 */
export class ZaloPolicy implements ChannelPolicy {
  readonly channel = 'zalo' as const;

  constructor(private readonly window: Config['zaloWindow']) {}

  /**
   * Allows a message (marked `billable` past the free hours) or holds it with a code
   * (`zalo_no_interaction`, `zalo_window_closed`, `zalo_billable_disabled`) and a sentence an
   * operator can act on. A last interaction in the future (clock skew) counts as now.
   */
  decide(input: { purpose: SendPurpose; lastInboundAt?: Date; now: Date }): WindowDecision {
    const { lastInboundAt, now } = input;
    if (lastInboundAt === undefined) {
      return {
        allowed: false,
        code: 'zalo_no_interaction',
        reason: 'This person has never written to the OA, so Zalo does not allow a consultation message. It can be sent after they write or follow again.',
      };
    }
    const ageMs = Math.max(0, now.getTime() - lastInboundAt.getTime());
    if (ageMs > this.window.days * 24 * HOUR_MS) {
      return {
        allowed: false,
        code: 'zalo_window_closed',
        reason: `The person's last interaction was ${formatAge(ageMs)} ago, more than ${this.window.days} days: Zalo refuses consultation messages (-230). It can be sent after they write again.`,
      };
    }
    if (ageMs <= this.window.freeHours * HOUR_MS) return { allowed: true, billable: false };
    if (this.window.sendBillable) return { allowed: true, billable: true };
    return {
      allowed: false,
      code: 'zalo_billable_disabled',
      reason: `The person's last interaction was ${formatAge(ageMs)} ago, past the ${this.window.freeHours} free hours, and billable Zalo messages are switched off (ZALO_SEND_BILLABLE=false).`,
    };
  }
}

function formatAge(ms: number): string {
  const hours = Math.floor(ms / HOUR_MS);
  if (hours < 48) return `${hours} h`;
  return hours % 24 === 0 ? `${hours / 24} days` : `${Math.floor(hours / 24)} days ${hours % 24} h`;
}
