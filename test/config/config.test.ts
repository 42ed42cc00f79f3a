import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { ConfigError } from '../../src/errors.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('configuration', () => {
  it('when read from the process environment itself (not a plain object), then it loads and its rules still apply', () => {
    expect(loadConfig(process.env).port).toBeGreaterThanOrEqual(0);
    const halfSet = Object.create(process.env) as NodeJS.ProcessEnv;
    Object.assign(halfSet, process.env, { ADMIN_USERNAME: 'admin', ADMIN_PASSWORD: '' });
    expect(() => loadConfig(halfSet)).toThrow(/ADMIN_USERNAME and ADMIN_PASSWORD/);
  });

  it('when nothing is set, then defaults apply and only the web chat is on', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.zalo).toBeUndefined();
    expect(config.messenger).toBeUndefined();
    expect(config.mongodbUri).toBeUndefined();
    expect(config.zaloWindow).toEqual({ days: 7, freeHours: 48, sendBillable: true });
    expect(config.localDb).toEqual({ port: 27018, dataDir: './data', sync: 'normal' });
  });

  it('when the embedded database is asked to wait for the disk at every write, then it is told so, and a value it has not got is refused', () => {
    expect(loadConfig({ LOCAL_DB_SYNC: 'full' }).localDb.sync).toBe('full');
    expect(problemsOf({ LOCAL_DB_SYNC: 'always' })).toEqual(['LOCAL_DB_SYNC must be one of normal, full (got "always")']);
  });

  it('when several variables are malformed, then one error names every one of them', () => {
    const problems = problemsOf({ PORT: 'eighty', ZALO_API_URL: 'not a url', MONGODB_URI: 'postgres://x', ZALO_SEND_BILLABLE: 'maybe' });
    expect(problems.join('\n')).toMatch(/PORT/);
    expect(problems.join('\n')).toMatch(/ZALO_API_URL/);
    expect(problems.join('\n')).toMatch(/MONGODB_URI/);
    expect(problems.join('\n')).toMatch(/ZALO_SEND_BILLABLE/);
    expect(problems).toHaveLength(4);
  });

  it('when a channel is half configured, then the error says which variables belong together', () => {
    const problems = problemsOf({ FB_APP_SECRET: 's3cret' });
    expect(problems).toEqual([expect.stringContaining('FB_PAGE_ACCESS_TOKEN')]);
  });

  it('when all secrets of a channel are set, then it is on with the real hosts as default base URLs', () => {
    const config = loadConfig({
      ZALO_APP_ID: '1',
      ZALO_APP_SECRET: 'a',
      ZALO_OA_SECRET_KEY: 'k',
      FB_APP_SECRET: 's',
      FB_PAGE_ACCESS_TOKEN: 't',
      FB_VERIFY_TOKEN: 'v',
    });
    expect(config.zalo?.apiUrl).toBe('https://openapi.zalo.me');
    expect(config.zalo?.oauthUrl).toBe('https://oauth.zaloapp.com');
    expect(config.messenger?.graphUrl).toBe('https://graph.facebook.com');
    expect(config.messenger?.graphVersion).toMatch(/^v\d+\.\d+$/);
  });

  it('when an admin password is too short, then start-up is refused with the reason', () => {
    expect(problemsOf({ ADMIN_USERNAME: 'admin', ADMIN_PASSWORD: 'short' })).toEqual([expect.stringContaining('ADMIN_PASSWORD')]);
  });

  it('when a variable is malformed, then the message names it, says what is expected and shows what was given', () => {
    expect(problemsOf({ PORT: 'eighty', ZALO_BUTTONS: 'carousel', JOB_BROADCAST_CRON: 'hourly' })).toEqual([
      'PORT must be a whole number from 0 to 65535 (got "eighty")',
      'ZALO_BUTTONS must be one of template, numbered (got "carousel")',
      'JOB_BROADCAST_CRON must be a cron expression of 5 or 6 fields (got "hourly")',
    ]);
  });

  it('when a proxy list has an entry that is not an address, then start-up is refused naming that entry', () => {
    const problems = problemsOf({ TRUST_PROXY: 'loopback, true' });
    expect(problems).toEqual([expect.stringMatching(/^TRUST_PROXY .*"true"/)]);
  });

  it('when values carry spaces or trailing slashes, then they are read without them', () => {
    const config = loadConfig({ PORT: ' 8080 ', PUBLIC_URL: 'https://chat.example.gov.vn/', TRUST_PROXY: '2', JOBS_ENABLED: 'OFF' });
    expect(config.port).toBe(8080);
    expect(config.publicUrl).toBe('https://chat.example.gov.vn');
    expect(config.trustProxy).toBe(2);
    expect(config.jobs.enabled).toBe(false);
    expect(config.console.secureCookies).toBe(true);
  });

  it('when mail is configured without a sender, then start-up is refused naming SMTP_FROM', () => {
    expect(problemsOf({ SMTP_HOST: 'mail.example.gov.vn' })).toEqual([expect.stringContaining('SMTP_FROM')]);
    expect(loadConfig({ SMTP_HOST: 'mail.example.gov.vn', SMTP_FROM: 'bot@example.gov.vn' }).smtp).toMatchObject({ port: 587, secure: false });
  });

  it('when a half-configured channel and a malformed variable come together, then both are named', () => {
    expect(problemsOf({ ZALO_APP_ID: '1', ZALO_SEND_BILLABLE: 'maybe' })).toEqual([
      'ZALO_SEND_BILLABLE must be true or false (got "maybe")',
      expect.stringContaining('ZALO_APP_SECRET'),
    ]);
  });
});
