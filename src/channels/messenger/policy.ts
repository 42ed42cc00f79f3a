import { isHumanWritten, type ChannelPolicy, type SendPurpose, type WindowDecision } from '../types.js';

const HOUR_MS = 3_600_000;
/** Standard messaging window after the person's last message. */
const MESSENGER_RESPONSE_WINDOW_MS = 24 * HOUR_MS;
/** How long after the person's last message a `HUMAN_AGENT`-tagged staff message may go. */
const MESSENGER_HUMAN_AGENT_WINDOW_MS = 7 * 24 * HOUR_MS;

export interface MessengerPolicyOptions {
  /**
   * Whether the Page has the Human Agent feature (granted through App Review). When false,
   * nothing is sent after 24 hours. Default true.
   */
  humanAgent?: boolean;
}

/**
 * Messenger's window rules, decided before sending so a message is held with a reason
 * instead of failing at the platform (error 10/2018278):
 * - under 24 h since the person's last message: allowed, `RESPONSE` for a reply and `UPDATE`
 *   for anything else;
 * - 24 h to 7 days: only human-written staff text (`staff_answer`, `staff_message`), sent as
 *   `MESSAGE_TAG` with `HUMAN_AGENT`; everything else held;
 * - 7 days or more, or no message from the person at all: held.
 * Held decisions carry the code `messenger_window_closed`.
 */
export class MessengerPolicy implements ChannelPolicy {
  readonly channel = 'messenger' as const;
  private readonly humanAgent: boolean;

  constructor(options: MessengerPolicyOptions = {}) {
    this.humanAgent = options.humanAgent ?? true;
  }

  decide(input: { purpose: SendPurpose; lastInboundAt?: Date; now: Date }): WindowDecision {
    const { purpose, lastInboundAt, now } = input;
    if (!lastInboundAt) {
      return held('The person has not written to the Page yet; Messenger allows no message before they do');
    }
    // A last message stamped slightly in the future (clock skew) counts as just now.
    const age = Math.max(0, now.getTime() - lastInboundAt.getTime());
    if (age < MESSENGER_RESPONSE_WINDOW_MS) {
      return { allowed: true, messagingType: purpose === 'reply' ? 'RESPONSE' : 'UPDATE' };
    }
    if (age < MESSENGER_HUMAN_AGENT_WINDOW_MS) {
      if (isHumanWritten(purpose) && this.humanAgent) return { allowed: true, messagingType: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' };
      if (isHumanWritten(purpose)) {
        return held("Outside Messenger's 24-hour window and this Page has no Human Agent permission; wait until the person writes again");
      }
      return held("Outside Messenger's 24-hour window; only a staff answer may be sent (HUMAN_AGENT) within 7 days of the person's last message");
    }
    return held("More than 7 days since the person's last message; Messenger allows nothing until they write again");
  }
}

function held(reason: string): WindowDecision {
  return { allowed: false, code: 'messenger_window_closed', reason };
}
