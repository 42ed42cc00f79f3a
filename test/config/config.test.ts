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
  it('when nothing is set, then defaults apply and only the web chat is on', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.zalo).toBeUndefined();
    expect(config.messenger).toBeUndefined();
    expect(config.mongodbUri).toBeUndefined();
    expect(config.zaloWindow).toEqual({ days: 7, freeHours: 48, sendBillable: true });
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
});
