import { describe, expect, it } from 'vitest';
import { loadWebChatSettings } from '../../../src/channels/webchat/settings.js';
import { loadConfig } from '../../../src/config/config.js';
import { ConfigError } from '../../../src/errors.js';

const config = loadConfig({ PUBLIC_URL: 'https://chat.example.gov.vn/' });

describe('web chat settings', () => {
  it('when WEBCHAT_FRAME_ANCESTORS is not set, then only our own pages and PUBLIC_URL may frame the chat', () => {
    expect(loadWebChatSettings({}, config).frameAncestors).toEqual(["'self'", 'https://chat.example.gov.vn']);
  });

  it('when portal origins are listed, then exactly those may frame the chat', () => {
    const settings = loadWebChatSettings({ WEBCHAT_FRAME_ANCESTORS: "'self', https://skhcn.example.gov.vn https://*.example.gov.vn:8443/" }, config);
    expect(settings.frameAncestors).toEqual(["'self'", 'https://skhcn.example.gov.vn', 'https://*.example.gov.vn:8443']);
  });

  it('when * or something that is no origin is given, then start-up fails naming the variable', () => {
    for (const value of ['*', 'skhcn.example.gov.vn', 'https://a.example/path', "https://a.example 'unsafe-inline'"]) {
      expect(() => loadWebChatSettings({ WEBCHAT_FRAME_ANCESTORS: value }, config), value).toThrow(ConfigError);
      expect(() => loadWebChatSettings({ WEBCHAT_FRAME_ANCESTORS: value }, config), value).toThrow(/WEBCHAT_FRAME_ANCESTORS/);
    }
  });

  it('when the rate limits are set, then they are read as whole numbers and bad values are named', () => {
    const settings = loadWebChatSettings({ WEBCHAT_VISITOR_MESSAGES_PER_MINUTE: '7', WEBCHAT_IP_REQUESTS_PER_MINUTE: '300' }, config);
    expect([settings.visitorMessagesPerMinute, settings.ipRequestsPerMinute]).toEqual([7, 300]);
    expect(() => loadWebChatSettings({ WEBCHAT_VISITOR_MESSAGES_PER_MINUTE: 'many' }, config)).toThrow(/WEBCHAT_VISITOR_MESSAGES_PER_MINUTE/);
  });

  it('when WEBCHAT_EMBED_ORIGINS is not set, then the exact frame ancestors and PUBLIC_URL are trusted with the credential, wildcards never', () => {
    const settings = loadWebChatSettings({ WEBCHAT_FRAME_ANCESTORS: "'self' https://skhcn.example.gov.vn https://*.example.gov.vn" }, config);
    expect(settings.embedOrigins).toEqual(['https://chat.example.gov.vn', 'https://skhcn.example.gov.vn']);
  });

  it('when embed origins are listed, then exactly those are trusted, and a wildcard or path stops start-up', () => {
    expect(loadWebChatSettings({ WEBCHAT_EMBED_ORIGINS: 'https://skhcn.example.gov.vn/, https://dvc.example.gov.vn' }, config).embedOrigins).toEqual([
      'https://skhcn.example.gov.vn',
      'https://dvc.example.gov.vn',
    ]);
    for (const value of ['*', 'https://*.example.gov.vn', 'https://a.example/path', "'self'"]) {
      expect(() => loadWebChatSettings({ WEBCHAT_EMBED_ORIGINS: value }, config), value).toThrow(/WEBCHAT_EMBED_ORIGINS/);
    }
  });
});
