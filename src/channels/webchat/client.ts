import { isDatabaseUnavailable } from '../../db/connect.js';
import { log, type Logger } from '../../log.js';
import { ChannelSendError, ChannelUnreachableError } from '../errors.js';
import { isHumanWritten, type ChannelClient, type OutboundMessage, type SendOptions, type SendResult } from '../types.js';
import { appendOutboundLine } from './feed.js';
import type { WebChatHub } from './hub.js';
import { renderWebChatLine } from './render.js';
import { isVisitorId } from './input.js';

export interface WebChatClientOptions {
  hub: WebChatHub;
  logger?: Logger;
}

/**
 * "Sends" to a web chat visitor by appending the message to their durable feed and signalling
 * open streams in this process; streams elsewhere find it on their next poll, and a visitor
 * who is away sees it when they open the chat again. Returns the feed line id as
 * `platformMessageId`. Throws {@link ChannelUnreachableError} (retryable) when the feed cannot
 * be written, and a permanent {@link ChannelSendError} for a recipient that is no visitor id.
 */
export class WebChatClient implements ChannelClient {
  readonly channel = 'webchat' as const;
  private readonly hub: WebChatHub;
  private readonly log: Logger;

  constructor(options: WebChatClientOptions) {
    this.hub = options.hub;
    this.log = options.logger ?? log.child({ module: 'webchat' });
  }

  async send(recipientId: string, message: OutboundMessage, options: SendOptions): Promise<SendResult> {
    if (!isVisitorId(recipientId)) {
      // Visitor ids are checked when they arrive, so this is a bad outbox entry; retrying cannot help.
      throw new ChannelSendError('webchat', 'invalid_visitor_id', `"${String(recipientId).slice(0, 60)}" is not a web chat visitor id`, { retryable: false });
    }
    const { line, dropped } = renderWebChatLine(message);
    if (dropped.length > 0) this.log.warn({ visitorId: recipientId, dropped }, 'unsafe parts of a web chat message left out');
    try {
      const entry = await appendOutboundLine(recipientId, isHumanWritten(options.purpose) ? 'staff' : 'bot', line);
      this.hub.notify(recipientId);
      return { platformMessageId: entry.id };
    } catch (err) {
      if (isDatabaseUnavailable(err)) throw new ChannelUnreachableError('webchat', 'The web chat feed could not be written; the database is unavailable', err);
      throw err;
    }
  }
}
