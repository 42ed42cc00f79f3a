import type { ChannelParts } from '../../src/channels/registry.js';
import type { Channel, ChannelClient, ChannelPolicy, OutboundMessage, SendOptions, SendResult } from '../../src/channels/types.js';

export interface RecordedSend {
  recipientId: string;
  message: OutboundMessage;
  options: SendOptions;
  at: number;
}

/**
 * A test connector: a channel whose client records what it was asked to send, and whose
 * failures are scripted. Its policy allows everything. For platform wire formats, the
 * channels' own fake servers are used instead.
 */
export function recordingChannel(channel: Channel = 'terminal') {
  const sent: RecordedSend[] = [];
  const failures: (Error | undefined)[] = [];
  const client: ChannelClient = {
    channel,
    send(recipientId, message, options): Promise<SendResult> {
      const failure = failures.shift();
      if (failure) return Promise.reject(failure);
      sent.push({ recipientId, message, options, at: Date.now() });
      return Promise.resolve({ platformMessageId: `rec-${sent.length}` });
    },
  };
  const policy: ChannelPolicy = { channel, decide: () => ({ allowed: true }) };
  const parts: ChannelParts = { channel, client, policy };
  return {
    parts,
    sent,
    /** The next sends fail with these errors, in order. */
    failNext(...errors: Error[]) {
      failures.push(...errors);
    },
    textsTo(recipientId: string): string[] {
      return sent.filter((s) => s.recipientId === recipientId).map((s) => s.message.text);
    },
  };
}

export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
