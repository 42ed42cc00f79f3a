import type { ChannelParts } from '../registry.js';
import type { ChannelClient, ChannelPolicy, OutboundMessage, SendResult } from '../types.js';

/** Writes what the bot says to a terminal; choices are numbered so an editor can type the number. */
export function renderForTerminal(message: OutboundMessage): string {
  const lines = [message.text];
  if (message.imageUrl) lines.push(`[image] ${message.imageUrl}`);
  (message.buttons ?? []).forEach((b) => lines.push(`  [${b.title}] ${b.type === 'url' ? b.url : b.type === 'phone' ? b.phone : b.payload}`));
  (message.quickReplies ?? []).forEach((q, i) => lines.push(`  ${i + 1}. ${q.title}`));
  if (message.requestUserInfo) lines.push(`  (form: ${message.requestUserInfo.title} — ${message.requestUserInfo.subtitle})`);
  return lines.join('\n');
}

/**
 * The terminal channel: the console connector content editors chat through (`npm run chat`).
 * It has no platform window, and remembers the last quick replies so a typed number can be
 * turned back into the payload.
 */
export function createTerminalChannel(write: (text: string) => void): ChannelParts & { lastChoices(): { title: string; payload: string }[] } {
  let choices: { title: string; payload: string }[] = [];
  let sent = 0;
  const client: ChannelClient = {
    channel: 'terminal',
    async send(_recipientId, message): Promise<SendResult> {
      choices = message.quickReplies ?? message.buttons?.flatMap((b) => (b.type === 'postback' ? [{ title: b.title, payload: b.payload }] : [])) ?? [];
      write(renderForTerminal(message));
      sent += 1;
      return { platformMessageId: `terminal-${sent}` };
    },
  };
  const policy: ChannelPolicy = { channel: 'terminal', decide: () => ({ allowed: true }) };
  return { channel: 'terminal', client, policy, lastChoices: () => choices };
}
