import type { ChannelParts } from '../registry.js';
import type { ChannelClient, ChannelPolicy, OutboundMessage, SendResult } from '../types.js';
import { numberedChoices } from '../numbered-choices.js';

/** Writes what the bot says to a terminal; choices are numbered so an editor can type the number. */
function renderForTerminal(message: OutboundMessage): string {
  const lines = [message.text];
  if (message.imageUrl) lines.push(`[image] ${message.imageUrl}`);
  (message.buttons ?? []).forEach((b) => {
    if (b.type !== 'postback') lines.push(`  [${b.title}] ${b.type === 'url' ? b.url : b.phone}`);
  });
  numberedChoices(message).forEach((c) => lines.push(`  ${c.number}. ${c.title}`));
  if (message.requestUserInfo) lines.push(`  (form: ${message.requestUserInfo.title} — ${message.requestUserInfo.subtitle})`);
  return lines.join('\n');
}

/**
 * The terminal channel: the console connector content editors chat through (`npm run chat`).
 * It has no platform window; choices are numbered, and a typed number is resolved to its
 * payload by the runtime like on any channel.
 */
export function createTerminalChannel(write: (text: string) => void): ChannelParts {
  let sent = 0;
  const client: ChannelClient = {
    channel: 'terminal',
    send(_recipientId, message): Promise<SendResult> {
      write(renderForTerminal(message));
      sent += 1;
      return Promise.resolve({ platformMessageId: `terminal-${sent}` });
    },
  };
  const policy: ChannelPolicy = { channel: 'terminal', decide: () => ({ allowed: true }) };
  return { channel: 'terminal', client, policy };
}
