import type { Config } from '../../config/config.js';
import { z } from 'zod';
import { optionalList, readEnv, wholeNumber } from '../../config/env-schema.js';

/** Web chat settings beyond the core configuration. */
export interface WebChatSettings {
  /** CSP `frame-ancestors` sources: the pages allowed to show the chat in a frame. */
  frameAncestors: string[];
  /** Exact origins of portal pages the framed chat trusts to hand over and keep the visitor's credential (`postMessage`). */
  embedOrigins: string[];
  /** New visitor credentials one client address may obtain per minute (also the burst size). */
  visitorsPerMinute: number;
  /** Messages one visitor may send per minute (also the burst size). */
  visitorMessagesPerMinute: number;
  /** API requests one IP address may make per minute (also the burst size). */
  ipRequestsPerMinute: number;
  /** How often an open stream reads the feed, for lines written by another instance. */
  streamPollMs: number;
  /** How often an open stream sends a keep-alive comment. */
  heartbeatMs: number;
  /** A stream ends after this long; the browser reconnects where it left off. */
  maxStreamMs: number;
  /** Open streams allowed per visitor in this process. */
  maxStreamsPerVisitor: number;
  /** Open streams allowed per client network (IPv4 address, IPv6 /64) in this process. */
  maxStreamsPerNetwork: number;
  /** Open streams allowed in this process. */
  maxStreams: number;
}

/** The origin of a URL, e.g. `https://chat.example.gov.vn`. */
function originOf(url: string): string {
  return new URL(url).origin;
}

/** Defaults: frames only on our own pages and on `PUBLIC_URL`'s origin. */
export function defaultWebChatSettings(config: Config): WebChatSettings {
  return {
    frameAncestors: [...new Set(["'self'", originOf(config.publicUrl)])],
    embedOrigins: [originOf(config.publicUrl)],
    visitorsPerMinute: 10,
    visitorMessagesPerMinute: 20,
    ipRequestsPerMinute: 120,
    streamPollMs: 2_000,
    heartbeatMs: 20_000,
    maxStreamMs: 15 * 60_000,
    maxStreamsPerVisitor: 5,
    maxStreamsPerNetwork: 50,
    maxStreams: 2_000,
  };
}

// A CSP host source: scheme://host[:port], where the host may start with `*.`.
const HOST_SOURCE = /^https?:\/\/(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*(:\d{1,5})?$/i;
const EXACT_ORIGIN = /^https?:\/\/[a-z0-9-]+(\.[a-z0-9-]+)*(:\d{1,5})?$/i;

/**
 * `WEBCHAT_FRAME_ANCESTORS`: origins separated by spaces or commas
 * (`https://portal.example.gov.vn https://*.example.gov.vn`), or `'self'` / `'none'`.
 * `*` is refused: it would let any site frame the chat.
 */
const frameAncestors = optionalList().superRefine((sources, ctx) => {
  if (sources === undefined) return;
  for (const source of sources) {
    if (source === '*') {
      ctx.addIssue({
        code: 'custom',
        message: 'must not be *: that lets any site show the chat in a frame; list the portal origins, e.g. https://portal.example.gov.vn',
      });
    } else if (source !== "'self'" && source !== "'none'" && !HOST_SOURCE.test(source)) {
      ctx.addIssue({ code: 'custom', message: `lists "${source}", which is not an origin such as https://portal.example.gov.vn (or 'self', 'none')` });
    }
  }
  if (sources.includes("'none'") && sources.length > 1) ctx.addIssue({ code: 'custom', message: "must not combine 'none' with other sources" });
});

/**
 * `WEBCHAT_EMBED_ORIGINS`: exact origins separated by spaces or commas. Wildcards are refused:
 * the credential is handed only to a page we can name.
 */
const embedOrigins = optionalList().superRefine((origins, ctx) => {
  for (const origin of origins ?? []) {
    if (!EXACT_ORIGIN.test(origin)) {
      ctx.addIssue({
        code: 'custom',
        message: `lists "${origin}", which is not an exact origin such as https://portal.example.gov.vn (no wildcards, no path)`,
      });
    }
  }
});

function settingsSchema(defaults: WebChatSettings) {
  return z.object({
    WEBCHAT_FRAME_ANCESTORS: frameAncestors,
    WEBCHAT_EMBED_ORIGINS: embedOrigins,
    WEBCHAT_VISITOR_MESSAGES_PER_MINUTE: wholeNumber(defaults.visitorMessagesPerMinute, 1, 10_000),
    WEBCHAT_IP_REQUESTS_PER_MINUTE: wholeNumber(defaults.ipRequestsPerMinute, 1, 100_000),
    WEBCHAT_MAX_STREAMS_PER_ADDRESS: wholeNumber(defaults.maxStreamsPerNetwork, 1, 100_000),
    WEBCHAT_MAX_STREAMS: wholeNumber(defaults.maxStreams, 1, 1_000_000),
  });
}

/**
 * Reads the web chat settings from the environment:
 * `WEBCHAT_FRAME_ANCESTORS` (default `'self'` and the origin of `PUBLIC_URL`),
 * `WEBCHAT_EMBED_ORIGINS` (default: the exact origins among the frame ancestors, and `PUBLIC_URL`'s),
 * `WEBCHAT_VISITOR_MESSAGES_PER_MINUTE` (default 20), `WEBCHAT_IP_REQUESTS_PER_MINUTE`
 * (default 120), `WEBCHAT_MAX_STREAMS_PER_ADDRESS` (default 50) and `WEBCHAT_MAX_STREAMS`
 * (default 2,000). Throws one `ConfigError` naming every malformed variable.
 */
export function loadWebChatSettings(env: Record<string, string | undefined>, config: Config): WebChatSettings {
  const defaults = defaultWebChatSettings(config);
  const vars = readEnv(env, settingsSchema(defaults));
  const ancestors = vars.WEBCHAT_FRAME_ANCESTORS ? [...new Set(vars.WEBCHAT_FRAME_ANCESTORS)] : defaults.frameAncestors;
  const exactAncestors = ancestors.filter((s) => EXACT_ORIGIN.test(s)).map((s) => s.toLowerCase());
  return {
    ...defaults,
    frameAncestors: ancestors,
    embedOrigins: vars.WEBCHAT_EMBED_ORIGINS
      ? [...new Set(vars.WEBCHAT_EMBED_ORIGINS.map((o) => o.toLowerCase()))]
      : [...new Set([...defaults.embedOrigins, ...exactAncestors])],
    visitorMessagesPerMinute: vars.WEBCHAT_VISITOR_MESSAGES_PER_MINUTE,
    ipRequestsPerMinute: vars.WEBCHAT_IP_REQUESTS_PER_MINUTE,
    maxStreamsPerNetwork: vars.WEBCHAT_MAX_STREAMS_PER_ADDRESS,
    maxStreams: vars.WEBCHAT_MAX_STREAMS,
  };
}
