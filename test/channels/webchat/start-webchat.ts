import { readFileSync } from 'node:fs';
import { createWebChatChannel, defaultWebChatSettings, WebChatHub, type WebChatSettings } from '../../../src/channels/webchat/index.js';
import { loadConfig } from '../../../src/config/config.js';
import { connectDatabase } from '../../../src/db/connect.js';
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

/** A bot phrase as content editors wrote it, read from the content files. */
export function phrase(language: 'vi' | 'en', namespace: string, key: string): string {
  const file = JSON.parse(readFileSync(new URL(`../../../content/i18n/${language}/${namespace}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;
  const value = file[key];
  if (typeof value !== 'string') throw new Error(`content/i18n/${language}/${namespace}.json has no phrase "${key}"`);
  return value;
}
