import { pino, type Logger } from 'pino';

/**
 * The one root logger. Modules take a child with their own context
 * (`log.child({ module: 'inbox' })`) so every line says where it came from.
 * Secrets never reach it: tokens and passwords are redacted by path.
 */
export const log: Logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
  redact: {
    paths: ['*.access_token', '*.refresh_token', '*.password', '*.secret', 'req.headers.cookie', 'req.headers.authorization'],
    censor: '[redacted]',
  },
  base: { service: 'cau-noi' },
});

export type { Logger };
