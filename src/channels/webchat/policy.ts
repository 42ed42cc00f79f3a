import type { ChannelPolicy, SendPurpose, WindowDecision } from '../types.js';

/**
 * The web chat has no platform window: every message is allowed. A message sent while the
 * visitor is away waits in their feed until they open the chat again.
 */
export class WebChatPolicy implements ChannelPolicy {
  readonly channel = 'webchat' as const;

  decide(_input: { purpose: SendPurpose; lastInboundAt?: Date; now: Date }): WindowDecision {
    return { allowed: true };
  }
}
