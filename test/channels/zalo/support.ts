import type { ZaloConfig } from '../../../src/config/config.js';
import { FAKE_ZALO_OA_SECRET_KEY, type FakeZalo } from '../../fakes/zalo/server.js';

/** A Zalo configuration pointing both API and OAuth at the fake, with its first token pair. */
export function configFor(fake: FakeZalo, overrides: Partial<ZaloConfig> = {}): ZaloConfig {
  const { accessToken, refreshToken } = fake.currentTokens();
  return {
    appId: fake.appId,
    appSecret: fake.appSecret,
    oaSecretKey: FAKE_ZALO_OA_SECRET_KEY,
    accessToken,
    refreshToken,
    apiUrl: fake.url,
    oauthUrl: fake.url,
    ...overrides,
  };
}
