import type { ChannelParts } from '../channels/registry.js';
import type { JobDefinition } from './types.js';

/** What the job needs of a channel's token store (the Zalo OA `ZaloTokenStore`). */
export interface RefreshableTokens {
  refreshIfDue(): Promise<{ refreshed: boolean; expiresAt: Date }>;
}

/** The token store a channel's parts carry (`tokens` with `refreshIfDue`), if any. */
export function refreshableTokensOf(part: ChannelParts): RefreshableTokens | undefined {
  const tokens = (part as ChannelParts & { tokens?: Partial<RefreshableTokens> }).tokens;
  return tokens && typeof tokens.refreshIfDue === 'function' ? (tokens as RefreshableTokens) : undefined;
}

/**
 * Refreshes a channel's access token before it expires (Zalo OA tokens last about 25 hours),
 * so no send has to wait for a refresh. The store makes the single-use refresh token safe
 * across instances; a failure is recorded as a failed run with Zalo's reason (the store keeps
 * using the still-valid token and refreshes on demand). Named `<channel>-token-refresh`.
 */
export function tokenRefreshJob(channel: string, cron: string, tokens: RefreshableTokens): JobDefinition {
  return {
    name: `${channel}-token-refresh`,
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
