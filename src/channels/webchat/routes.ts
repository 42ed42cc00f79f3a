import { readFileSync } from 'node:fs';
import express, { type Request, type Response, type Router } from 'express';
import type { Config } from '../../config/config.js';
import { storeInboundEvents } from '../../inbox/store.js';
import type { Logger } from '../../log.js';
import type { InboundEvent } from '../types.js';
import { appendVisitorLine, readFeed } from './feed.js';
import { baseHeaders, setPageHeaders } from './headers.js';
import type { WebChatHub } from './hub.js';
import { parseChatPost, parseCursor, parseLanguageBody, parseVisitorRequest, PAYLOAD_MAX_CHARS, type InputProblem } from './input.js';
import { claimLegacyVisitor, issueVisitor, parseVisitorCredential, verifyVisitor } from './identity.js';
import { renderChatPage } from './page.js';
import { TokenBucketLimiter, clientAddress, clientNetwork, rateLimit, sendTooManyRequests } from '../../http/rate-limit.js';
import type { WebChatSettings } from './settings.js';
import { FeedStreams } from './stream.js';
import { readVisitorLanguage, setVisitorLanguage } from './visitor.js';

export interface WebChatRoutesOptions {
  config: Config;
  settings: WebChatSettings;
  hub: WebChatHub;
  /** Wakes the inbox worker once a visitor's message is stored. */
  onStored: () => void;
  logger: Logger;
}

export interface WebChatRoutes {
  /** Mount at `/chat`. */
  router: Router;
  /** Ends the open streams (at shutdown). */
  close(): Promise<void>;
}

function asset(name: string): Buffer {
  return readFileSync(new URL(`./public/${name}`, import.meta.url));
}

function refuse(res: Response, problem: InputProblem | { status: number; code: string; message: string }): void {
  res.status(problem.status).json({ error: problem.code, message: problem.message });
}

/** True for `application/json` with no charset or UTF-8. */
function isJsonRequest(req: Request): boolean {
  if (!req.is('application/json')) return false;
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(req.get('content-type') ?? '')?.[1];
  return charset === undefined || /^utf-?8$/i.test(charset);
}

function requireJson(req: Request, res: Response, next: () => void): void {
  if (isJsonRequest(req)) next();
  else refuse(res, { status: 415, code: 'content_type_unsupported', message: 'Send the message as Content-Type: application/json (UTF-8).' });
}

/** What the page is told when a stream is refused, by the cap it hit. */
const STREAM_REFUSALS = {
  owner: { status: 429, code: 'too_many_streams', message: 'This visitor already has the most open chat streams allowed; close another tab.' },
  network: { status: 429, code: 'too_many_streams_from_address', message: 'This address already holds the most open chat streams allowed.' },
  process: { status: 503, code: 'streams_full', message: 'The service holds the most open chat streams it can; try again shortly.' },
} as const;

/** The visitor a request proved with its credential (set by `requireVisitor`). */
function visitorOf(res: Response): string {
  return res.locals.visitorId as string;
}

/**
 * Lets a request through only with `Authorization: Bearer <visitorId>.<secret>` naming an
 * issued visitor and its secret; 401 otherwise, the same answer whatever was wrong.
 */
async function requireVisitor(req: Request, res: Response, next: () => void): Promise<void> {
  const credential = parseVisitorCredential(req.get('authorization'));
  if (!credential || !(await verifyVisitor(credential))) {
    res.setHeader('WWW-Authenticate', 'Bearer realm="web chat"');
    refuse(res, {
      status: 401,
      code: 'visitor_unknown',
      message: 'Send the visitor credential the service issued (POST /chat/api/visitors) as Authorization: Bearer <visitorId>.<secret>.',
    });
    return;
  }
  res.locals.visitorId = credential.visitorId;
  next();
}

/**
 * The web chat under `/chat`: the page and its files, the embed script, and the JSON API the
 * page talks to (obtain a visitor credential, send a message, read the feed, follow it live,
 * choose a language). Every call but the first proves the visitor's credential. A
 * visitor's message is stored in the inbox before the answer (202), once per
 * `clientMessageId`; the API is rate-limited per IP address and per visitor.
 */
export function createWebChatRoutes(options: WebChatRoutesOptions): WebChatRoutes {
  const { config, settings, logger } = options;
  const maxChars = config.limits.chatMessageChars;
  const files = {
    chatJs: asset('chat.js'),
    chatCss: asset('chat.css'),
    embedJs: asset('embed.js')
      .toString('utf8')
      .replace(/(["'])__CAU_NOI_CHAT_URL__\1/, () => JSON.stringify(`${config.publicUrl}/chat`).replace(/</g, '\\u003c')),
  };
  const ipLimiter = new TokenBucketLimiter({ capacity: settings.ipRequestsPerMinute, refillPerSecond: settings.ipRequestsPerMinute / 60 });
  const identityLimiter = new TokenBucketLimiter({ capacity: settings.visitorsPerMinute, refillPerSecond: settings.visitorsPerMinute / 60 });
  const visitorLimiter = new TokenBucketLimiter({ capacity: settings.visitorMessagesPerMinute, refillPerSecond: settings.visitorMessagesPerMinute / 60 });
  const streams = new FeedStreams({
    hub: options.hub,
    pollMs: settings.streamPollMs,
    heartbeatMs: settings.heartbeatMs,
    maxStreamMs: settings.maxStreamMs,
    limits: { perOwner: settings.maxStreamsPerVisitor, perNetwork: settings.maxStreamsPerNetwork, total: settings.maxStreams },
    logger,
  });
  // JSON escapes take up to 6 bytes per character; the text limit proper is checked after parsing.
  const bodyLimitBytes = (maxChars + PAYLOAD_MAX_CHARS) * 6 + 1_024;

  const router = express.Router();
  router.use(baseHeaders());

  router.get('/', (req, res) => {
    setPageHeaders(res, settings.frameAncestors);
    res.type('html').send(renderChatPage({ basePath: req.baseUrl, maxChars, embedded: req.query.embed === '1', embedOrigins: settings.embedOrigins }));
  });
  const sendFile =
    (type: string, body: Buffer | string, crossOrigin = false) =>
    (_req: Request, res: Response) => {
      res.setHeader('Cache-Control', 'public, max-age=300');
      res.setHeader('Cross-Origin-Resource-Policy', crossOrigin ? 'cross-origin' : 'same-origin');
      res.type(type).send(body);
    };
  router.get('/chat.js', sendFile('text/javascript; charset=utf-8', files.chatJs));
  router.get('/chat.css', sendFile('text/css; charset=utf-8', files.chatCss));
  // Loaded by the portal's pages, from another origin.
  router.get('/embed.js', sendFile('text/javascript; charset=utf-8', files.embedJs, true));

  const api = express.Router();
  api.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  api.use(rateLimit(ipLimiter));

  api.post('/visitors', rateLimit(identityLimiter), express.raw({ type: () => true, limit: 1_024 }), async (req: Request, res: Response) => {
    const parsed = parseVisitorRequest(Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0));
    if (!parsed.ok) {
      refuse(res, parsed.problem);
      return;
    }
    const legacyId = parsed.value.legacyVisitorId;
    const claimed = legacyId ? await claimLegacyVisitor(legacyId) : undefined;
    const credential = claimed ?? (await issueVisitor());
    if (legacyId) req.log.info({ visitorId: credential.visitorId, kept: claimed !== undefined }, 'web chat visitor from before credentials came back');
    res.status(201).json({ ...credential, keptConversation: claimed !== undefined });
  });

  api.post('/messages', requireJson, requireVisitor, express.raw({ type: () => true, limit: bodyLimitBytes }), async (req: Request, res: Response) => {
    const parsed = parseChatPost(Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0), maxChars);
    if (!parsed.ok) {
      req.log.warn({ code: parsed.problem.code }, 'web chat message refused');
      refuse(res, parsed.problem);
      return;
    }
    const post = parsed.value;
    const visitorId = visitorOf(res);
    const allowed = visitorLimiter.take(visitorId);
    if (!allowed.allowed) {
      req.log.warn({ visitorId, source: clientAddress(req) }, 'web chat visitor sends too fast');
      sendTooManyRequests(res, allowed.retryAfterSeconds);
      return;
    }
    const now = new Date();
    // The feed line first, so the visitor's line is numbered before the bot's answer to it.
    const line = await appendVisitorLine(visitorId, post.clientMessageId, post.text ?? post.payload ?? '', now);
    const event: InboundEvent = {
      channel: 'webchat',
      eventId: post.clientMessageId,
      userId: visitorId,
      timestamp: now.getTime(),
      type: post.payload ? 'postback' : 'message',
      raw: { visitorId, ...post },
    };
    if (post.text !== undefined) event.text = post.text;
    if (post.payload !== undefined) event.payload = post.payload;
    const stored = await storeInboundEvents([event], { now });
    if (line.created) options.hub.notify(visitorId);
    if (stored.stored > 0) options.onStored();
    res.status(202).json({ status: 'accepted', duplicate: stored.stored === 0 });
  });

  api.get('/messages', requireVisitor, async (req: Request, res: Response) => {
    const visitorId = visitorOf(res);
    const after = parseCursor(req.query.after);
    if (after === undefined) {
      refuse(res, { status: 400, code: 'cursor_invalid', message: 'after must be a whole number from 0 (the last seq seen).' });
      return;
    }
    const [feed, language] = await Promise.all([readFeed(visitorId, after), readVisitorLanguage(visitorId)]);
    res.json({ messages: feed.entries, cursor: feed.cursor, more: feed.more, language: language ?? null });
  });

  api.get('/stream', requireVisitor, (req: Request, res: Response) => {
    const visitorId = visitorOf(res);
    const after = parseCursor(req.query.after);
    const lastEventId = req.get('last-event-id');
    const resumed = lastEventId === undefined ? 0 : parseCursor(lastEventId);
    if (after === undefined || resumed === undefined) {
      refuse(res, { status: 400, code: 'cursor_invalid', message: 'after and Last-Event-ID must be whole numbers from 0 (the last seq seen).' });
      return;
    }
    const network = clientNetwork(req);
    const refusal = streams.start(req, res, visitorId, network, Math.max(after, resumed));
    if (refusal) {
      req.log.warn({ visitorId, source: network, refusal }, 'web chat stream refused');
      res.setHeader('Retry-After', '30');
      refuse(res, STREAM_REFUSALS[refusal]);
    }
  });

  api.post('/language', requireJson, requireVisitor, express.raw({ type: () => true, limit: 1_024 }), async (req: Request, res: Response) => {
    const parsed = parseLanguageBody(Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0));
    if (!parsed.ok) {
      refuse(res, parsed.problem);
      return;
    }
    await setVisitorLanguage(visitorOf(res), parsed.value.language);
    res.json({ language: parsed.value.language });
  });

  router.use('/api', api);
  return { router, close: () => streams.closeAll() };
}
