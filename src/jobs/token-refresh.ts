import type { JobDefinition } from './types.js';

/** What the job needs of the Zalo token store (`ZaloTokenStore`). */
export interface RefreshableTokens {
  refreshIfDue(): Promise<{ refreshed: boolean; expiresAt: Date }>;
}

/**
 * Refreshes the Zalo OA access token before it expires, so no send waits for a refresh. The
 * store itself makes the single-use refresh token safe across instances; a failure is
 * recorded as a failed run (the store keeps using the still-valid token and sends refresh
 * on demand).
 */
export function zaloTokenRefreshJob(cron: string, tokens: RefreshableTokens): JobDefinition {
  return {
    name: 'zalo-token-refresh',
    cron,
    leaseMs: 2 * 60_000,
    async run() {
      const { refreshed, expiresAt } = await tokens.refreshIfDue();
      return {
        counts: { refreshed: refreshed ? 1 : 0 },
        summary: `${refreshed ? 'Đã làm mới' : 'Chưa cần làm mới'}; hết hạn lúc ${expiresAt.toISOString()}`,
      };
    },
  };
}
