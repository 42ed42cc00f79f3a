import { ConfigError } from '../errors.js';
import { bool, cron, int, oneOf, optionalStr, str, trustProxy, url, type Parser, type TrustProxy } from './env-schema.js';

/** Zalo OA settings; present only when the channel's secrets are all set. */
export interface ZaloConfig {
  appId: string;
  appSecret: string;
  oaSecretKey: string;
  /** The first token pair; rotated pairs live in the database. */
  accessToken?: string;
  refreshToken?: string;
  apiUrl: string;
  oauthUrl: string;
}

/** Messenger settings; present only when the channel's secrets are all set. */
export interface MessengerConfig {
  appSecret: string;
  pageAccessToken: string;
  verifyToken: string;
  graphVersion: string;
  graphUrl: string;
}

export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  publicUrl: string;
  /**
   * Peers whose `X-Forwarded-For` is believed (the client's address for limits and logs).
   * Default in production: proxies on loopback and private networks, however many.
   */
  trustProxy: TrustProxy;
  /** Unset means: start the embedded local FerretDB. */
  mongodbUri?: string;
  localDb: { port: number; dataDir: string };
  timezone: string;
  shutdownTimeoutMs: number;
  /** Bearer token for `/metrics`; open when unset (keep it on a private network then). */
  metricsToken?: string;
  zalo?: ZaloConfig;
  messenger?: MessengerConfig;
  /** Zalo consultation window and the free part of it (billable after). */
  zaloWindow: { days: number; freeHours: number; sendBillable: boolean };
  /** How Zalo shows choices: OA buttons, or numbered text the person answers with a number. */
  zaloButtons: 'template' | 'numbered';
  admin: { username?: string; password?: string };
  /** `webhookRatePerMinute`: webhook requests one source address may make per minute (0: no limit). */
  limits: { webhookBodyBytes: number; webhookRatePerMinute: number; chatMessageChars: number };
  /** `leaseMs`: how long a person's queue stays with an instance that stopped renewing it (crashed). */
  inbox: { maxAttempts: number; pollMs: number; reorderWindowMs: number; leaseMs: number; keepDays: number; webhooksFirst: boolean };
  outbox: { maxAttempts: number; pollMs: number; sendTimeoutMs: number; leaseMs: number };
  /** `passwordCost`: log2 of scrypt's N for new password hashes. */
  console: { sessionHours: number; takeoverIdleMinutes: number; secureCookies: boolean; passwordCost: number };
  jobs: {
    enabled: boolean;
    deadlineDigestCron: string;
    eventReminderCron: string;
    broadcastCron: string;
    retentionCron: string;
    tokenRefreshCron: string;
    eventReminderHours: number;
    retentionMonths: number;
  };
  smtp?: { host: string; port: number; user?: string; password?: string; from: string; secure: boolean };
}

type Env = Record<string, string | undefined>;

function read<T>(env: Env, name: string, parser: Parser<T>, problems: string[]): T {
  return parser(env[name], name, problems);
}

/**
 * Reads and validates the whole configuration from environment variables (all listed in
 * `.env.example`). Throws one {@link ConfigError} naming every missing or malformed variable.
 * A channel whose secrets are all absent is off (`undefined`); a channel with only some of
 * them set is an error, because that is almost always a typo.
 */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const r = <T>(name: string, parser: Parser<T>) => read(env, name, parser, problems);

  const port = r('PORT', int(3000, 0, 65535));
  const mode = r('NODE_ENV', oneOf(['development', 'production', 'test'] as const, 'development'));
  const publicUrl = r('PUBLIC_URL', url(`http://localhost:${port}`));
  const config: Config = {
    env: mode,
    host: r('HOST', str('0.0.0.0')),
    port,
    publicUrl,
    trustProxy: r('TRUST_PROXY', trustProxy(mode === 'production' ? ['loopback', 'linklocal', 'uniquelocal'] : false)),
    mongodbUri: r('MONGODB_URI', optionalStr()),
    localDb: { port: r('LOCAL_DB_PORT', int(27018, 1, 65535)), dataDir: r('DATA_DIR', str('./data')) },
    timezone: r('APP_TIMEZONE', str('Asia/Ho_Chi_Minh')),
    shutdownTimeoutMs: r('SHUTDOWN_TIMEOUT_MS', int(10_000, 100, 120_000)),
    metricsToken: r('METRICS_TOKEN', optionalStr()),
    zaloWindow: {
      days: r('ZALO_WINDOW_DAYS', int(7, 1, 30)),
      freeHours: r('ZALO_FREE_HOURS', int(48, 0, 24 * 30)),
      sendBillable: r('ZALO_SEND_BILLABLE', bool(true)),
    },
    zaloButtons: r('ZALO_BUTTONS', oneOf(['template', 'numbered'] as const, 'template')),
    admin: { username: r('ADMIN_USERNAME', optionalStr()), password: r('ADMIN_PASSWORD', optionalStr()) },
    limits: {
      webhookBodyBytes: r('WEBHOOK_BODY_LIMIT_BYTES', int(1_000_000, 1_000, 20_000_000)),
      webhookRatePerMinute: r('WEBHOOK_RATE_PER_MIN', int(6_000, 0, 1_000_000)),
      chatMessageChars: r('CHAT_MESSAGE_MAX_CHARS', int(4_000, 100, 100_000)),
    },
    inbox: {
      maxAttempts: r('INBOX_MAX_ATTEMPTS', int(6, 1, 50)),
      pollMs: r('INBOX_POLL_MS', int(500, 10, 60_000)),
      reorderWindowMs: r('INBOX_REORDER_WINDOW_MS', int(150, 0, 5_000)),
      keepDays: r('INBOX_KEEP_DAYS', int(14, 3, 3650)),
      leaseMs: r('INBOX_LEASE_MS', int(30_000, 3_000, 600_000)),
      webhooksFirst: r('WEBHOOKS_FIRST', bool(true)),
    },
    outbox: {
      maxAttempts: r('OUTBOX_MAX_ATTEMPTS', int(12, 1, 50)),
      pollMs: r('OUTBOX_POLL_MS', int(500, 10, 60_000)),
      sendTimeoutMs: r('OUTBOX_SEND_TIMEOUT_MS', int(10_000, 100, 120_000)),
      leaseMs: r('OUTBOX_LEASE_MS', int(60_000, 3_000, 600_000)),
    },
    console: {
      sessionHours: r('CONSOLE_SESSION_HOURS', int(12, 1, 24 * 30)),
      takeoverIdleMinutes: r('TAKEOVER_IDLE_MINUTES', int(30, 1, 24 * 60)),
      // Behind https the cookies are Secure unless an operator says otherwise.
      secureCookies: r('CONSOLE_SECURE_COOKIES', bool(publicUrl.startsWith('https://'))),
      passwordCost: r('CONSOLE_PASSWORD_COST', int(17, 14, 20)),
    },
    jobs: {
      enabled: r('JOBS_ENABLED', bool(true)),
      deadlineDigestCron: r('JOB_DEADLINE_DIGEST_CRON', cron('0 7 * * 1-5')),
      eventReminderCron: r('JOB_EVENT_REMINDER_CRON', cron('*/15 * * * *')),
      broadcastCron: r('JOB_BROADCAST_CRON', cron('* * * * *')),
      retentionCron: r('JOB_RETENTION_CRON', cron('30 2 * * *')),
      tokenRefreshCron: r('JOB_ZALO_TOKEN_REFRESH_CRON', cron('*/30 * * * *')),
      eventReminderHours: r('EVENT_REMINDER_HOURS', int(24, 1, 24 * 14)),
      retentionMonths: r('RETENTION_MONTHS', int(24, 1, 240)),
    },
  };

  const zalo = {
    appId: r('ZALO_APP_ID', optionalStr()),
    appSecret: r('ZALO_APP_SECRET', optionalStr()),
    oaSecretKey: r('ZALO_OA_SECRET_KEY', optionalStr()),
  };
  const zaloUrls = {
    apiUrl: r('ZALO_API_URL', url('https://openapi.zalo.me')),
    oauthUrl: r('ZALO_OAUTH_URL', url('https://oauth.zaloapp.com')),
  };
  if (zalo.appId && zalo.appSecret && zalo.oaSecretKey) {
    config.zalo = {
      appId: zalo.appId,
      appSecret: zalo.appSecret,
      oaSecretKey: zalo.oaSecretKey,
      accessToken: r('ZALO_ACCESS_TOKEN', optionalStr()),
      refreshToken: r('ZALO_REFRESH_TOKEN', optionalStr()),
      ...zaloUrls,
    };
  } else if (zalo.appId || zalo.appSecret || zalo.oaSecretKey) {
    problems.push('Zalo is half configured: set all of ZALO_APP_ID, ZALO_APP_SECRET, ZALO_OA_SECRET_KEY, or none');
  }

  const fb = {
    appSecret: r('FB_APP_SECRET', optionalStr()),
    pageAccessToken: r('FB_PAGE_ACCESS_TOKEN', optionalStr()),
    verifyToken: r('FB_VERIFY_TOKEN', optionalStr()),
  };
  const graphVersion = r('FB_GRAPH_VERSION', str('v25.0'));
  if (!/^v\d+\.\d+$/.test(graphVersion)) problems.push(`FB_GRAPH_VERSION must look like v25.0 (got "${graphVersion}")`);
  const graphUrl = r('FB_GRAPH_URL', url('https://graph.facebook.com'));
  if (fb.appSecret && fb.pageAccessToken && fb.verifyToken) {
    config.messenger = { appSecret: fb.appSecret, pageAccessToken: fb.pageAccessToken, verifyToken: fb.verifyToken, graphVersion, graphUrl };
  } else if (fb.appSecret || fb.pageAccessToken || fb.verifyToken) {
    problems.push('Messenger is half configured: set all of FB_APP_SECRET, FB_PAGE_ACCESS_TOKEN, FB_VERIFY_TOKEN, or none');
  }

  const smtpHost = r('SMTP_HOST', optionalStr());
  if (smtpHost) {
    config.smtp = {
      host: smtpHost,
      port: r('SMTP_PORT', int(587, 1, 65535)),
      user: r('SMTP_USER', optionalStr()),
      password: r('SMTP_PASSWORD', optionalStr()),
      from: r('SMTP_FROM', str()),
      secure: r('SMTP_SECURE', bool(false)),
    };
  }

  if (config.mongodbUri && !/^mongodb(\+srv)?:\/\//.test(config.mongodbUri)) {
    problems.push('MONGODB_URI must start with mongodb:// or mongodb+srv://');
  }
  if ((config.admin.username === undefined) !== (config.admin.password === undefined)) {
    problems.push('Set both ADMIN_USERNAME and ADMIN_PASSWORD, or neither');
  }
  if (config.admin.password !== undefined && config.admin.password.length < 10) {
    problems.push('ADMIN_PASSWORD must be at least 10 characters');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
