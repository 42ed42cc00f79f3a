import { z } from 'zod';
import {
  allOrNone,
  baseUrl,
  cron,
  flag,
  oneOf,
  optionalFlag,
  optionalText,
  optionalTrustProxy,
  readEnv,
  text,
  textLike,
  variable,
  wholeNumber,
} from './env-schema.js';

/** Every variable the core reads, with its kind, range and default (all explained in `.env.example`). */
const envSchema = z.object({
  PORT: wholeNumber(3000, 0, 65535),
  NODE_ENV: oneOf(['development', 'production', 'test'], 'development'),
  HOST: text('0.0.0.0'),
  PUBLIC_URL: variable(z.url({ protocol: /^https?$/, error: (issue) => `must be a URL (got "${String(issue.input)}")` }).optional()),
  TRUST_PROXY: optionalTrustProxy(),
  MONGODB_URI: variable(
    z
      .string()
      .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
      .optional(),
  ),
  LOCAL_DB_PORT: wholeNumber(27018, 1, 65535),
  LOCAL_DB_SYNC: oneOf(['normal', 'full'], 'normal'),
  DATA_DIR: text('./data'),
  APP_TIMEZONE: text('Asia/Ho_Chi_Minh'),
  SHUTDOWN_TIMEOUT_MS: wholeNumber(10_000, 100, 120_000),
  METRICS_TOKEN: optionalText(),
  ZALO_WINDOW_DAYS: wholeNumber(7, 1, 30),
  ZALO_FREE_HOURS: wholeNumber(48, 0, 24 * 30),
  ZALO_SEND_BILLABLE: flag(true),
  ZALO_BUTTONS: oneOf(['template', 'numbered'], 'template'),
  ADMIN_USERNAME: optionalText(),
  ADMIN_PASSWORD: variable(z.string().min(10, 'must be at least 10 characters').optional()),
  WEBHOOK_BODY_LIMIT_BYTES: wholeNumber(1_000_000, 1_000, 20_000_000),
  WEBHOOK_RATE_PER_MIN: wholeNumber(6_000, 0, 1_000_000),
  CHAT_MESSAGE_MAX_CHARS: wholeNumber(4_000, 100, 100_000),
  INBOX_MAX_ATTEMPTS: wholeNumber(6, 1, 50),
  INBOX_POLL_MS: wholeNumber(500, 10, 60_000),
  INBOX_REORDER_WINDOW_MS: wholeNumber(150, 0, 5_000),
  INBOX_KEEP_DAYS: wholeNumber(14, 3, 3650),
  INBOX_LEASE_MS: wholeNumber(30_000, 3_000, 600_000),
  INBOX_CONCURRENCY: wholeNumber(32, 1, 256),
  WEBHOOKS_FIRST: flag(true),
  OUTBOX_MAX_ATTEMPTS: wholeNumber(12, 1, 50),
  OUTBOX_POLL_MS: wholeNumber(500, 10, 60_000),
  OUTBOX_SEND_TIMEOUT_MS: wholeNumber(10_000, 100, 120_000),
  OUTBOX_LEASE_MS: wholeNumber(60_000, 3_000, 600_000),
  CONSOLE_SESSION_HOURS: wholeNumber(12, 1, 24 * 30),
  TAKEOVER_IDLE_MINUTES: wholeNumber(30, 1, 24 * 60),
  CONSOLE_SECURE_COOKIES: optionalFlag(),
  CONSOLE_PASSWORD_COST: wholeNumber(17, 14, 20),
  JOBS_ENABLED: flag(true),
  JOB_DEADLINE_DIGEST_CRON: cron('0 7 * * 1-5'),
  JOB_EVENT_REMINDER_CRON: cron('*/15 * * * *'),
  JOB_BROADCAST_CRON: cron('* * * * *'),
  JOB_RETENTION_CRON: cron('30 2 * * *'),
  JOB_ZALO_TOKEN_REFRESH_CRON: cron('*/30 * * * *'),
  EVENT_REMINDER_HOURS: wholeNumber(24, 1, 24 * 14),
  RETENTION_MONTHS: wholeNumber(24, 1, 240),
  ZALO_APP_ID: optionalText(),
  ZALO_APP_SECRET: optionalText(),
  ZALO_OA_SECRET_KEY: optionalText(),
  ZALO_ACCESS_TOKEN: optionalText(),
  ZALO_REFRESH_TOKEN: optionalText(),
  ZALO_API_URL: baseUrl('https://openapi.zalo.me'),
  ZALO_OAUTH_URL: baseUrl('https://oauth.zaloapp.com'),
  FB_APP_SECRET: optionalText(),
  FB_PAGE_ACCESS_TOKEN: optionalText(),
  FB_VERIFY_TOKEN: optionalText(),
  FB_GRAPH_VERSION: textLike(/^v\d+\.\d+$/, 'v25.0', 'v25.0'),
  FB_GRAPH_URL: baseUrl('https://graph.facebook.com'),
  SMTP_HOST: optionalText(),
  SMTP_PORT: wholeNumber(587, 1, 65535),
  SMTP_USER: optionalText(),
  SMTP_PASSWORD: optionalText(),
  SMTP_FROM: optionalText(),
  SMTP_SECURE: flag(false),
});

/** Variables that only mean something together; a channel with only some of its secrets set is almost always a typo. */
const rules = [
  allOrNone(
    ['ZALO_APP_ID', 'ZALO_APP_SECRET', 'ZALO_OA_SECRET_KEY'],
    'Zalo is half configured: set all of ZALO_APP_ID, ZALO_APP_SECRET, ZALO_OA_SECRET_KEY, or none',
  ),
  allOrNone(
    ['FB_APP_SECRET', 'FB_PAGE_ACCESS_TOKEN', 'FB_VERIFY_TOKEN'],
    'Messenger is half configured: set all of FB_APP_SECRET, FB_PAGE_ACCESS_TOKEN, FB_VERIFY_TOKEN, or none',
  ),
  allOrNone(['ADMIN_USERNAME', 'ADMIN_PASSWORD'], 'Set both ADMIN_USERNAME and ADMIN_PASSWORD, or neither'),
  z
    .record(z.string(), z.unknown())
    .refine((env) => !env.SMTP_HOST?.toString().trim() || Boolean(env.SMTP_FROM?.toString().trim()), 'SMTP_FROM is required when SMTP_HOST is set'),
];

type Env = z.output<typeof envSchema>;

/** The configuration in the shape the service uses; see {@link loadConfig}. */
function toConfig(env: Env) {
  const mode = env.NODE_ENV;
  const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '');
  const zalo =
    env.ZALO_APP_ID && env.ZALO_APP_SECRET && env.ZALO_OA_SECRET_KEY
      ? {
          appId: env.ZALO_APP_ID,
          appSecret: env.ZALO_APP_SECRET,
          oaSecretKey: env.ZALO_OA_SECRET_KEY,
          /** The first token pair; rotated pairs live in the database. */
          accessToken: env.ZALO_ACCESS_TOKEN,
          refreshToken: env.ZALO_REFRESH_TOKEN,
          apiUrl: env.ZALO_API_URL,
          oauthUrl: env.ZALO_OAUTH_URL,
        }
      : undefined;
  const messenger =
    env.FB_APP_SECRET && env.FB_PAGE_ACCESS_TOKEN && env.FB_VERIFY_TOKEN
      ? {
          appSecret: env.FB_APP_SECRET,
          pageAccessToken: env.FB_PAGE_ACCESS_TOKEN,
          verifyToken: env.FB_VERIFY_TOKEN,
          graphVersion: env.FB_GRAPH_VERSION,
          graphUrl: env.FB_GRAPH_URL,
        }
      : undefined;
  const smtp = env.SMTP_HOST
    ? { host: env.SMTP_HOST, port: env.SMTP_PORT, user: env.SMTP_USER, password: env.SMTP_PASSWORD, from: env.SMTP_FROM ?? '', secure: env.SMTP_SECURE }
    : undefined;
  return {
    env: mode,
    host: env.HOST,
    port: env.PORT,
    publicUrl,
    /**
     * Peers whose `X-Forwarded-For` is believed (the client's address for limits and logs).
     * Default in production: proxies on loopback and private networks, however many.
     */
    trustProxy: env.TRUST_PROXY ?? (mode === 'production' ? ['loopback', 'linklocal', 'uniquelocal'] : false),
    /** Unset means: start the embedded local FerretDB. */
    mongodbUri: env.MONGODB_URI,
    /** `sync`: when the embedded database waits for the disk (see docs/database.md, "Durability of the embedded database"). */
    localDb: { port: env.LOCAL_DB_PORT, dataDir: env.DATA_DIR, sync: env.LOCAL_DB_SYNC },
    timezone: env.APP_TIMEZONE,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    /** Bearer token for `/metrics`; open when unset (keep it on a private network then). */
    metricsToken: env.METRICS_TOKEN,
    /** Zalo OA settings; present only when the channel's secrets are all set. */
    zalo,
    /** Messenger settings; present only when the channel's secrets are all set. */
    messenger,
    /** Zalo consultation window and the free part of it (billable after). */
    zaloWindow: { days: env.ZALO_WINDOW_DAYS, freeHours: env.ZALO_FREE_HOURS, sendBillable: env.ZALO_SEND_BILLABLE },
    /** How Zalo shows choices: OA buttons, or numbered text the person answers with a number. */
    zaloButtons: env.ZALO_BUTTONS,
    admin: { username: env.ADMIN_USERNAME, password: env.ADMIN_PASSWORD },
    /** `webhookRatePerMinute`: webhook requests one source address may make per minute (0: no limit). */
    limits: { webhookBodyBytes: env.WEBHOOK_BODY_LIMIT_BYTES, webhookRatePerMinute: env.WEBHOOK_RATE_PER_MIN, chatMessageChars: env.CHAT_MESSAGE_MAX_CHARS },
    /**
     * `leaseMs`: how long a person's queue stays with an instance that stopped renewing it (crashed).
     * `concurrency`: people whose turns run at once on this instance.
     */
    inbox: {
      concurrency: env.INBOX_CONCURRENCY,
      maxAttempts: env.INBOX_MAX_ATTEMPTS,
      pollMs: env.INBOX_POLL_MS,
      reorderWindowMs: env.INBOX_REORDER_WINDOW_MS,
      leaseMs: env.INBOX_LEASE_MS,
      keepDays: env.INBOX_KEEP_DAYS,
      webhooksFirst: env.WEBHOOKS_FIRST,
    },
    outbox: { maxAttempts: env.OUTBOX_MAX_ATTEMPTS, pollMs: env.OUTBOX_POLL_MS, sendTimeoutMs: env.OUTBOX_SEND_TIMEOUT_MS, leaseMs: env.OUTBOX_LEASE_MS },
    /** `passwordCost`: log2 of scrypt's N for new password hashes. */
    console: {
      sessionHours: env.CONSOLE_SESSION_HOURS,
      takeoverIdleMinutes: env.TAKEOVER_IDLE_MINUTES,
      // Behind https the cookies are Secure unless an operator says otherwise.
      secureCookies: env.CONSOLE_SECURE_COOKIES ?? publicUrl.startsWith('https://'),
      passwordCost: env.CONSOLE_PASSWORD_COST,
    },
    jobs: {
      enabled: env.JOBS_ENABLED,
      deadlineDigestCron: env.JOB_DEADLINE_DIGEST_CRON,
      eventReminderCron: env.JOB_EVENT_REMINDER_CRON,
      broadcastCron: env.JOB_BROADCAST_CRON,
      retentionCron: env.JOB_RETENTION_CRON,
      tokenRefreshCron: env.JOB_ZALO_TOKEN_REFRESH_CRON,
      eventReminderHours: env.EVENT_REMINDER_HOURS,
      retentionMonths: env.RETENTION_MONTHS,
    },
    smtp,
  };
}

const configSchema = envSchema.transform(toConfig);

/**
 * Properties that may be `undefined` become optional, as a hand-written interface says it, so
 * a test can build a part of the configuration without spelling out every unset value.
 */
type Settings<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T as undefined extends T[K] ? never : K]: Settings<T[K]> } & { [K in keyof T as undefined extends T[K] ? K : never]?: Settings<T[K]> }
    : T;

/** The whole configuration, as {@link loadConfig} returns it. */
export type Config = Settings<z.output<typeof configSchema>>;
/** Zalo OA settings; present only when the channel's secrets are all set. */
export type ZaloConfig = NonNullable<Config['zalo']>;
/** Messenger settings; present only when the channel's secrets are all set. */
export type MessengerConfig = NonNullable<Config['messenger']>;

/**
 * Reads and validates the whole configuration from environment variables (all listed in
 * `.env.example`). Throws one {@link ConfigError} naming every missing or malformed variable.
 * A channel whose secrets are all absent is off (`undefined`); a channel with only some of
 * them set is an error, because that is almost always a typo.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  return readEnv(env, configSchema, rules);
}
