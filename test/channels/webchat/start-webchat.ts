import { createWebChatChannel, defaultWebChatSettings, WebChatHub, type WebChatSettings } from '../../../src/channels/webchat/index.js';
import { loadConfig } from '../../../src/config/config.js';
import type { OutboundMessage } from '../../../src/channels/types.js';
import { connectDatabase } from '../../../src/db/connect.js';
import { OutboxRecordModel } from '../../../src/db/models/outbox-message.js';
import { startService, type RunningService } from '../../../src/service.js';

/** Starts the real service with only the web chat, on a free port, against `mongodbUri`. */
export async function startWebChatService(
  mongodbUri: string,
  env: Record<string, string> = {},
  settings: Partial<WebChatSettings> = {},
): Promise<RunningService> {
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', INBOX_POLL_MS: '50', OUTBOX_POLL_MS: '50', ...env });
  const webchat = createWebChatChannel(config, { settings: { ...defaultWebChatSettings(config), ...settings }, hub: new WebChatHub() });
  return startService(config, { mongodbUri, channels: () => [webchat.parts], features: [webchat.feature] });
}

/**
 * Stops the service, then reconnects to the test database so the file's database hook can
 * drop it (the service closes the shared connection when it stops).
 */
export async function stopWebChatService(service: RunningService | undefined, mongodbUri: string): Promise<void> {
  await service?.stop();
  await connectDatabase(mongodbUri);
}

/** A line the service queued for a visitor, as the outbox recorded it. */
export interface QueuedLine {
  text: string;
  quickReplies: string[];
  status: string;
  platformMessageId?: string;
}

/**
 * What the service said to a visitor, in order, read from the outbox. Tests compare the page
 * and the feed with it, so they hold whatever the conversation flows answer.
 */
export async function queuedFor(visitorId: string): Promise<QueuedLine[]> {
  const entries = await OutboxRecordModel.find({ contactKey: `webchat:${visitorId}` })
    .sort({ seq: 1 })
    .lean();
  return entries.map((e) => {
    const message = e.message as OutboundMessage;
    const line: QueuedLine = { text: message.text, quickReplies: (message.quickReplies ?? []).map((q) => q.title), status: e.status ?? '' };
    if (e.platformMessageId) line.platformMessageId = e.platformMessageId;
    return line;
  });
}

/** A visitor the service issued: its id, secret and the header that proves them. */
export interface TestVisitor {
  visitorId: string;
  secret: string;
  /** `{ Authorization: 'Bearer <visitorId>.<secret>' }`. */
  auth: Record<string, string>;
}

/** Asks the service for a new visitor credential, as the page does on its first visit. */
export async function newVisitor(serviceUrl: string, body: Record<string, unknown> = {}): Promise<TestVisitor> {
  const res = await fetch(`${serviceUrl}/chat/api/visitors`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status !== 201) throw new Error(`POST /chat/api/visitors answered ${res.status}: ${await res.text()}`);
  const { visitorId, secret } = (await res.json()) as { visitorId: string; secret: string };
  return { visitorId, secret, auth: { Authorization: `Bearer ${visitorId}.${secret}` } };
}
