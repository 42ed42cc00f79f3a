import type { Config } from '../../src/config/config.js';
import type { ChannelParts } from '../../src/channels/registry.js';
import { createConsoleFeature, type ConsoleFeature } from '../../src/console/index.js';
import type { ConsoleSettings } from '../../src/console/settings.js';
import { PasswordHasher } from '../../src/console/auth/password.js';
import { StaffModel, type StaffRole } from '../../src/db/models/staff.js';
import type { RunningService, StartOptions } from '../../src/service.js';
import { dropTestDatabase, testDatabaseUri } from '../support/database.js';
import { startTestService } from '../support/service.js';

/** The cost the test services hash with (`CONSOLE_PASSWORD_COST` of `startTestService`). */
export const testPasswords = new PasswordHasher(14);

export const ADMIN = { username: 'quantri', password: 'Mat-khau-quan-tri-2026' };
/** Departments of the shipped directory used by the tests. */
export const DEPT_A = 'chi-cuc-tcdlcl';
export const DEPT_B = 'cong-nghe-dmst';

export interface ConsoleTestService {
  service: RunningService;
  console: ConsoleFeature;
  url: string;
  stop(): Promise<void>;
}

/** Starts the real service with the console feature on a fresh database (first admin from the environment). */
export async function startConsoleService(
  label: string,
  options: {
    env?: Record<string, string>;
    settings?: Partial<ConsoleSettings>;
    channels?: (config: Config) => ChannelParts[];
    registerFlows?: StartOptions['registerFlows'];
  } = {},
): Promise<ConsoleTestService> {
  const uri = testDatabaseUri(label);
  let feature: ConsoleFeature | undefined;
  const service = await startTestService({
    mongodbUri: uri,
    env: { ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password, ...options.env },
    channels: options.channels,
    registerFlows: options.registerFlows,
    features: (config) => {
      feature = createConsoleFeature(config, { settings: { livePollMs: 100, signInPerMinute: 1_000, ...options.settings } });
      return [feature];
    },
  });
  return {
    service,
    console: feature!,
    url: service.url,
    async stop() {
      await service.stop();
      await dropTestDatabase(uri);
    },
  };
}

/** Adds a staff account directly in the database (the admin pages are tested on their own). */
export async function addStaff(
  username: string,
  role: StaffRole,
  departmentCode: string | undefined,
  password = `${username}-Mat-khau-1`,
): Promise<{ username: string; password: string; id: string }> {
  const doc = await StaffModel.create({
    username,
    displayName: `Cán bộ ${username}`,
    role,
    departmentCode,
    passwordHash: await testPasswords.hash(password),
    active: true,
  });
  return { username, password, id: String(doc._id) };
}

export interface ConsoleResponse {
  status: number;
  headers: Headers;
  text: string;
  location?: string;
}

/**
 * A browser-like HTTP client of the console: keeps cookies, reads the CSRF token from the
 * pages, never follows redirects (tests look at them).
 */
export class ConsoleClient {
  readonly cookies = new Map<string, string>();
  csrfToken: string | undefined;

  constructor(
    readonly baseUrl: string,
    readonly headers: Record<string, string> = {},
  ) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i).trim();
      const value = pair!.slice(i + 1).trim();
      if (/Max-Age=0/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(method: string, path: string, init: { body?: string; contentType?: string; headers?: Record<string, string> } = {}): Promise<ConsoleResponse> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        ...this.headers,
        Accept: 'text/html',
        ...(this.cookies.size > 0 ? { Cookie: this.cookieHeader() } : {}),
        ...(init.contentType ? { 'Content-Type': init.contentType } : {}),
        ...init.headers,
      },
      body: init.body,
    });
    this.remember(res);
    const text = await res.text();
    const token = /<meta name="csrf-token" content="([^"]+)">/.exec(text)?.[1] ?? /name="_csrf" value="([^"]+)"/.exec(text)?.[1];
    if (token) this.csrfToken = token;
    return { status: res.status, headers: res.headers, text, location: res.headers.get('location') ?? undefined };
  }

  get(path: string, headers?: Record<string, string>): Promise<ConsoleResponse> {
    return this.request('GET', path, { headers });
  }

  /** Posts a form; the session's CSRF token is added unless `csrf: false` (or another value is given). */
  post(path: string, fields: Record<string, string> = {}, options: { csrf?: boolean } = {}): Promise<ConsoleResponse> {
    const body = new URLSearchParams(fields);
    if (options.csrf !== false && this.csrfToken && !('_csrf' in fields)) body.set('_csrf', this.csrfToken);
    return this.request('POST', path, { body: body.toString(), contentType: 'application/x-www-form-urlencoded' });
  }

  postJson(path: string, value: unknown, options: { csrf?: boolean } = {}): Promise<ConsoleResponse> {
    return this.request('POST', path, {
      body: JSON.stringify(value),
      contentType: 'application/json',
      headers: { Accept: 'application/json', ...(options.csrf !== false && this.csrfToken ? { 'X-CSRF-Token': this.csrfToken } : {}) },
    });
  }

  /** Signs in through the form, as a browser does; returns the answer to the POST. */
  async signIn(username: string, password: string): Promise<ConsoleResponse> {
    await this.get('/console/login');
    return this.post('/console/login', { username, password });
  }
}

/** A signed-in client; fails the test when the sign-in does not redirect. */
export async function signedIn(baseUrl: string, account: { username: string; password: string }): Promise<ConsoleClient> {
  const client = new ConsoleClient(baseUrl);
  const res = await client.signIn(account.username, account.password);
  if (res.status !== 303) throw new Error(`sign-in of ${account.username} answered ${res.status}: ${res.text.slice(0, 300)}`);
  // The start page (the queue; an editor is sent on to the content list) gives the CSRF token.
  const start = await client.get('/console/queue');
  if (start.location) await client.get(start.location);
  return client;
}

export interface StreamEvent {
  type: string;
  data: Record<string, unknown>;
}

/** Reads a member of staff's live event stream (`/console/events`) into a list, as a browser's EventSource would. */
export async function openEventStream(
  baseUrl: string,
  client: ConsoleClient,
): Promise<{ events: StreamEvent[]; waitFor(match: (e: StreamEvent) => boolean, timeoutMs?: number): Promise<StreamEvent>; close(): void }> {
  const controller = new AbortController();
  const res = await fetch(`${baseUrl}/console/events`, {
    headers: { Cookie: `caunoi_console=${client.cookies.get('caunoi_console')}`, Accept: 'text/event-stream' },
    signal: controller.signal,
  });
  if (res.status !== 200 || !res.body) throw new Error(`event stream answered ${res.status}`);
  const events: StreamEvent[] = [];
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let ready: () => void = () => undefined;
  const isReady = new Promise<void>((resolve) => (ready = resolve));
  const pump = (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const type = /^event: (.+)$/m.exec(block)?.[1];
        const data = /^data: (.+)$/m.exec(block)?.[1];
        if (type === 'ready') ready();
        else if (type && data) events.push({ type, data: JSON.parse(data) as Record<string, unknown> });
      }
    }
  })().catch(() => undefined);
  await isReady;
  return {
    events,
    async waitFor(match, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = events.find(match);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no matching live event; got ${JSON.stringify(events.map((e) => e.type))}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    close() {
      controller.abort();
      void pump;
    },
  };
}
