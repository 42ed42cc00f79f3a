import { randomUUID } from 'node:crypto';
import type { ZaloConfig } from '../../config/config.js';
import { isDuplicateKey } from '../../db/connect.js';
import { acquireLease, instanceId, releaseLease } from '../../db/lease.js';
import { ChannelTokenModel } from '../../db/models/channel-token.js';
import { DatabaseUnavailableError } from '../../errors.js';
import { log } from '../../log.js';
import { ChannelAuthError, ChannelSendError, ChannelUnreachableError } from '../errors.js';
import { parseZaloJson } from './json.js';
import type { ZaloTokenFailure, ZaloTokenSuccess } from './wire.js';

const tokenLog = log.child({ module: 'zalo-tokens' });

const TOKEN_ID = 'zalo';
const LEASE_NAME = 'zalo-token-refresh';
/** Zalo's access-token lifetime, used when an answer's `expires_in` is unreadable and for the seeded pair. */
const ACCESS_TOKEN_LIFETIME_MS = 25 * 3_600_000;
/** Stored when only a refresh token was configured: due at once, never sent. */
const NO_ACCESS_TOKEN = 'none';

/** What the client needs from a token source. */
export interface ZaloAccessTokens {
  /** A token that is valid as far as we know, refreshed first when it is close to expiry. */
  getAccessToken(): Promise<string>;
  /** After Zalo rejected `rejected` (-216/-220): a newer token, refreshing only if nobody has. */
  refreshAfterRejection(rejected: string): Promise<string>;
}

export interface ZaloTokenStoreOptions {
  /** Refresh when the access token has less than this left. Default 5 h (at ~20 h of 25). */
  refreshMarginMs?: number;
  /** Timeout of the call to Zalo's OAuth server. Default 10 s. */
  timeoutMs?: number;
  /** How often a waiting instance re-reads the stored pair. Default 200 ms. */
  pollMs?: number;
  /** After a failed refresh, wait this long before trying again while the token still works. Default 60 s. */
  retryAfterFailureMs?: number;
  /** How long a pair read from the database is used before it is read again. Default 60 s. */
  cacheMs?: number;
  /** Clock for expiry decisions. */
  now?: () => Date;
}

interface StoredPair {
  accessToken: string;
  refreshToken: string;
  expiresAt: Date;
}

/**
 * The Zalo OA token pair, kept in `channel_tokens` (`_id: 'zalo'`) and seeded from
 * ZALO_ACCESS_TOKEN / ZALO_REFRESH_TOKEN when absent. The refresh token is single-use, so a
 * refresh runs once at a time across all instances (lease `zalo-token-refresh`); the others
 * wait and re-read the stored pair. The new pair is stored before anyone uses it. Sends use
 * the pair last read for up to `cacheMs` (a minute): a pair another instance refreshed is
 * picked up by then, or at once when Zalo rejects the old token.
 */
export class ZaloTokenStore implements ZaloAccessTokens {
  private readonly refreshMarginMs: number;
  private readonly timeoutMs: number;
  private readonly pollMs: number;
  private readonly leaseTtlMs: number;
  private readonly retryAfterFailureMs: number;
  private readonly cacheMs: number;
  private readonly now: () => Date;
  /** The pair as last read or stored, and when: every send would otherwise read it. */
  private cached?: { pair: StoredPair; at: number };
  /** When the last refresh failed; sends keep the still-valid token meanwhile instead of hammering OAuth. */
  private lastFailureAt?: number;
  /** Each store is its own lease holder, so two stores in one process also exclude each other. */
  private readonly owner = `${instanceId}-${randomUUID().slice(0, 8)}`;
  /** One refresh per store at a time; concurrent callers share it. */
  private inFlight?: Promise<StoredPair>;

  constructor(
    private readonly config: ZaloConfig,
    options: ZaloTokenStoreOptions = {},
  ) {
    this.refreshMarginMs = options.refreshMarginMs ?? 5 * 3_600_000;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.pollMs = options.pollMs ?? 200;
    // Long enough for one OAuth call and the write after it; a crashed holder frees it by expiry.
    this.leaseTtlMs = this.timeoutMs * 2 + 10_000;
    this.retryAfterFailureMs = options.retryAfterFailureMs ?? 60_000;
    this.cacheMs = options.cacheMs ?? 60_000;
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Returns the current access token (the pair read within the last `cacheMs`, else read
   * again), refreshing first when it expires within the margin. When that refresh fails but the token has not expired yet, logs and returns it anyway.
   * Throws {@link ChannelAuthError} when no usable pair exists (an admin must grant access again).
   */
  async getAccessToken(): Promise<string> {
    const pair = await this.recentPair();
    if (!this.isDue(pair)) return pair.accessToken;
    const stillValid = pair.accessToken !== NO_ACCESS_TOKEN && pair.expiresAt.getTime() > this.now().getTime();
    if (stillValid && this.lastFailureAt !== undefined && this.now().getTime() - this.lastFailureAt < this.retryAfterFailureMs) return pair.accessToken;
    try {
      const fresh = await this.refresh(pair.accessToken);
      this.lastFailureAt = undefined;
      return fresh.accessToken;
    } catch (err) {
      this.lastFailureAt = this.now().getTime();
      if (stillValid) {
        tokenLog.warn({ err, expiresAt: pair.expiresAt }, 'Zalo token refresh failed; using the current access token until it expires');
        return pair.accessToken;
      }
      throw err;
    }
  }

  /**
   * Returns a token newer than `rejected`: the stored one (read now, not from memory) if another
   * caller or instance already refreshed, else a fresh one.
   */
  async refreshAfterRejection(rejected: string): Promise<string> {
    const pair = await this.readOrSeed();
    if (pair.accessToken !== rejected) return pair.accessToken;
    return (await this.refresh(rejected)).accessToken;
  }

  /** For the scheduled job: refreshes when due. Throws what a refresh throws. */
  async refreshIfDue(): Promise<{ refreshed: boolean; expiresAt: Date }> {
    const pair = await this.readOrSeed();
    if (!this.isDue(pair)) return { refreshed: false, expiresAt: pair.expiresAt };
    const fresh = await this.refresh(pair.accessToken);
    return { refreshed: true, expiresAt: fresh.expiresAt };
  }

  private isDue(pair: StoredPair): boolean {
    return pair.accessToken === NO_ACCESS_TOKEN || pair.expiresAt.getTime() - this.now().getTime() <= this.refreshMarginMs;
  }

  private refresh(stale: string): Promise<StoredPair> {
    this.inFlight ??= this.refreshAcrossInstances(stale).finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  /** Takes the lease and refreshes, or waits for the holder and returns the pair it stored. */
  private async refreshAcrossInstances(stale: string): Promise<StoredPair> {
    const deadline = Date.now() + this.leaseTtlMs + this.pollMs;
    for (;;) {
      if (await acquireLease(LEASE_NAME, this.leaseTtlMs, this.owner)) {
        try {
          const current = await this.readOrSeed();
          // Someone refreshed between our read and the lease: their pair is the one to use.
          if (current.accessToken !== stale) return current;
          return await this.callRefresh(current);
        } finally {
          await releaseLease(LEASE_NAME, this.owner).catch((err: unknown) =>
            tokenLog.warn({ err }, 'could not release the Zalo token lease; it expires on its own'),
          );
        }
      }
      await sleep(this.pollMs);
      const current = await this.read();
      if (current !== undefined && current.accessToken !== stale) return current;
      if (Date.now() > deadline) {
        throw new ChannelUnreachableError(
          'zalo',
          `Another instance has been refreshing the Zalo token for over ${this.leaseTtlMs} ms; the message will be retried`,
        );
      }
    }
  }

  private async callRefresh(current: StoredPair): Promise<StoredPair> {
    const url = `${this.config.oauthUrl.replace(/\/+$/, '')}/v4/oa/access_token`;
    const form = new URLSearchParams({ refresh_token: current.refreshToken, app_id: this.config.appId, grant_type: 'refresh_token' });
    let status: number;
    let text: string;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', secret_key: this.config.appSecret },
        body: form,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      status = res.status;
      text = await res.text();
    } catch (err) {
      tokenLog.error({ err, url }, 'Zalo token refresh did not complete; if later refreshes are refused, the OA admin must grant the app access again');
      throw new ChannelUnreachableError('zalo', `Zalo token refresh did not complete (${err instanceof Error ? err.message : String(err)})`, err);
    }
    if (status >= 500)
      throw new ChannelSendError('zalo', `http_${status}`, `Zalo OAuth answered HTTP ${status} to the token refresh; it will be tried again`, {
        retryable: true,
      });
    let body: Partial<ZaloTokenSuccess & ZaloTokenFailure>;
    try {
      body = parseZaloJson(text) as Partial<ZaloTokenSuccess & ZaloTokenFailure>;
    } catch (err) {
      throw new ChannelSendError('zalo', `http_${status}`, `Zalo OAuth answered HTTP ${status} with a body that is not JSON`, { retryable: true, cause: err });
    }
    // Success has no `error` field: the presence of both tokens is the test.
    if (typeof body.access_token !== 'string' || typeof body.refresh_token !== 'string' || body.access_token === '') {
      const code = String(body.error ?? `http_${status}`);
      tokenLog.error({ code, error_name: body.error_name, error_description: body.error_description }, 'Zalo refused the token refresh');
      throw new ChannelAuthError(
        'zalo',
        code,
        `Zalo refused the token refresh (${code} ${body.error_name ?? ''} ${body.error_description ?? ''}). The OA admin must grant the app access again and set ZALO_ACCESS_TOKEN / ZALO_REFRESH_TOKEN.`.replace(
          /\s+/g,
          ' ',
        ),
        body,
      );
    }
    const seconds = Number.parseInt(String(body.expires_in), 10);
    const lifetimeMs = Number.isFinite(seconds) && seconds > 0 ? seconds * 1_000 : ACCESS_TOKEN_LIFETIME_MS;
    const now = this.now();
    const pair: StoredPair = { accessToken: body.access_token, refreshToken: body.refresh_token, expiresAt: new Date(now.getTime() + lifetimeMs) };
    await this.save(pair, now);
    this.remember(pair);
    tokenLog.info({ expiresAt: pair.expiresAt }, 'Zalo access token refreshed and stored');
    return pair;
  }

  /** Stores the new pair, trying a few times: the old refresh token is already spent. */
  private async save(pair: StoredPair, now: Date): Promise<void> {
    let lastError: unknown;
    for (let attempt = 0; attempt < 4; attempt += 1) {
      try {
        await ChannelTokenModel.updateOne({ _id: TOKEN_ID }, { $set: { ...pair, refreshedAt: now } }, { upsert: true });
        return;
      } catch (err) {
        lastError = err;
        tokenLog.warn({ err, attempt }, 'could not store the new Zalo token pair; trying again');
        await sleep(250 * (attempt + 1));
      }
    }
    tokenLog.error({ err: lastError }, 'the new Zalo token pair could not be stored and is lost: the OA admin must grant the app access again');
    throw new DatabaseUnavailableError('Could not store the refreshed Zalo token pair', lastError);
  }

  /** The pair last read or stored if that was less than `cacheMs` ago, else the stored one. */
  private async recentPair(): Promise<StoredPair> {
    const age = this.cached === undefined ? Infinity : this.now().getTime() - this.cached.at;
    // A clock set back (age below 0) reads again rather than trusting the memory.
    if (this.cached !== undefined && age >= 0 && age < this.cacheMs) return this.cached.pair;
    return this.readOrSeed();
  }

  private remember(pair: StoredPair): void {
    this.cached = { pair, at: this.now().getTime() };
  }

  private async read(): Promise<StoredPair | undefined> {
    const doc = await ChannelTokenModel.findById(TOKEN_ID).lean();
    if (doc === null) return undefined;
    const pair = { accessToken: doc.accessToken, refreshToken: doc.refreshToken, expiresAt: new Date(doc.expiresAt) };
    this.remember(pair);
    return pair;
  }

  private async readOrSeed(): Promise<StoredPair> {
    const stored = await this.read();
    if (stored !== undefined) return stored;
    const { accessToken, refreshToken } = this.config;
    if (refreshToken === undefined || refreshToken === '') {
      throw new ChannelAuthError(
        'zalo',
        'no_token',
        'No Zalo token pair is stored and ZALO_REFRESH_TOKEN is not set: the OA admin must grant the app access and set ZALO_ACCESS_TOKEN and ZALO_REFRESH_TOKEN.',
      );
    }
    const now = this.now();
    const seed = {
      accessToken: accessToken !== undefined && accessToken !== '' ? accessToken : NO_ACCESS_TOKEN,
      refreshToken,
      // The configured token's age is unknown: assume fresh; a -216 answer triggers a refresh anyway.
      expiresAt: accessToken ? new Date(now.getTime() + ACCESS_TOKEN_LIFETIME_MS) : new Date(0),
      refreshedAt: now,
    };
    try {
      await ChannelTokenModel.updateOne({ _id: TOKEN_ID }, { $setOnInsert: seed }, { upsert: true });
    } catch (err) {
      // Another instance seeded at the same moment: its row is the same pair.
      if (!isDuplicateKey(err)) throw err;
    }
    const seeded = await this.read();
    if (seeded === undefined) throw new DatabaseUnavailableError('The seeded Zalo token pair could not be read back');
    return seeded;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
