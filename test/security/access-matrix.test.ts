import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebChatChannel, defaultWebChatSettings, WebChatHub } from '../../src/channels/webchat/index.js';
import { createConsoleFeature } from '../../src/console/index.js';
import { createEditorialFeature } from '../../src/editorial/feature.js';
import { ContactModel } from '../../src/db/models/contact.js';
import { DepartmentModel } from '../../src/db/models/department.js';
import { RoutingRuleModel } from '../../src/db/models/routing-rule.js';
import { createJobsFeature, type JobsFeature } from '../../src/jobs/feature.js';
import { createJobsPage } from '../../src/jobs/routes.js';
import { composeNews } from '../../src/news/compose.js';
import { createNewsPage } from '../../src/news/routes.js';
import { readReportHeading } from '../../src/reports/heading.js';
import { createReportsPage } from '../../src/reports/routes.js';
import type { RunningService } from '../../src/service.js';
import { createTicket } from '../../src/services/tickets/index.js';
import { addStaff, ADMIN, type ConsoleClient, DEPT_A, DEPT_B, signedIn } from '../console/support.js';
import { dropTestDatabase, testDatabaseUri } from '../support/database.js';
import { startTestService } from '../support/service.js';
import { newVisitor, type TestVisitor } from '../channels/webchat/start-webchat.js';
import { testTickets } from '../support/tickets.js';

/**
 * Every route of the staff console, its content section and the web chat API, asked by every
 * kind of caller, and the answer each must get. Content editors draft content and see nothing
 * of people's questions: no queue, no tickets, no live events, no reports.
 */
type Caller = 'anonymous' | 'visitor' | 'editor' | 'officerOther' | 'officer' | 'lead' | 'admin';
const CALLERS: Caller[] = ['anonymous', 'visitor', 'editor', 'officerOther', 'officer', 'lead', 'admin'];

/** The caller may use the route: any answer that is not a refusal of who they are (2xx, 3xx, or 400/409 for the deliberately empty form). */
const ALLOWED = 'allowed';
type Expected = number | typeof ALLOWED;

const uri = testDatabaseUri('security_access_matrix');
let service: RunningService;
let jobs: JobsFeature | undefined;
const staff = {} as Record<'editor' | 'officerOther' | 'officer' | 'lead' | 'admin', ConsoleClient>;
let visitor: TestVisitor;
let ticket: string;
let adminNews: string;
let officerOtherId: string;
let ruleKey: string;

beforeAll(async () => {
  service = await startTestService({
    tickets: testTickets,
    mongodbUri: uri,
    env: { ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password },
    features: (config) => {
      jobs = createJobsFeature(config);
      const pages = [
        createJobsPage({ jobs: () => jobs!.jobs }),
        createNewsPage({ timezone: config.timezone }),
        createReportsPage({
          timezone: config.timezone,
          calendar: () => testTickets.calendar,
          heading: readReportHeading({ REPORT_PROVINCE: 'Hưng Yên', REPORT_PLACE: 'Hưng Yên' }),
        }),
      ];
      const webchat = createWebChatChannel(config, {
        settings: { ...defaultWebChatSettings(config), ipRequestsPerMinute: 100_000, visitorsPerMinute: 1_000 },
        hub: new WebChatHub(),
      });
      const editorial = createEditorialFeature({ timezone: config.timezone });
      return [
        jobs,
        editorial,
        createConsoleFeature(config, { settings: { livePollMs: 100, signInPerMinute: 1_000 }, pages: [...pages, editorial.page] }),
        webchat.feature,
      ];
    },
  });
  const officerOther = await addStaff('canbo.khac', 'officer', DEPT_B);
  officerOtherId = officerOther.id;
  staff.officerOther = await signedIn(service.url, officerOther);
  staff.officer = await signedIn(service.url, await addStaff('canbo.a', 'officer', DEPT_A));
  staff.editor = await signedIn(service.url, await addStaff('bientap.a', 'editor', DEPT_A));
  staff.lead = await signedIn(service.url, await addStaff('truong.a', 'lead', DEPT_A));
  staff.admin = await signedIn(service.url, ADMIN);
  visitor = await newVisitor(service.url);
  await ContactModel.create({
    key: `webchat:${visitor.visitorId}`,
    channel: 'webchat',
    userId: visitor.visitorId,
    firstSeenAt: new Date(),
    lastInboundAt: new Date(),
  });
  ticket = (
    await createTicket(testTickets, {
      kind: 'question',
      topic: 'do-luong',
      question: 'Cân ở chợ có phải kiểm định không?',
      contactKey: `webchat:${visitor.visitorId}`,
      channel: 'webchat',
      language: 'vi',
    })
  ).id;
  const admin = { username: ADMIN.username, displayName: 'Quản trị', role: 'admin' as const };
  adminNews = (
    await composeNews(
      {
        topic: 'do-luong',
        title: 'Tin của quản trị',
        text: 'Nội dung',
        scheduledAt: new Date('2099-01-01T01:00:00Z'),
        expiresAt: new Date('2099-01-05T01:00:00Z'),
      },
      admin,
    )
  ).id;
  ruleKey = String((await RoutingRuleModel.findOne({}).lean())!.key ?? (await RoutingRuleModel.findOne({}).lean())!._id);
  expect(await DepartmentModel.exists({ code: DEPT_A })).toBeTruthy();
});
afterAll(async () => {
  await service?.stop();
  await dropTestDatabase(uri);
});

/** Asks `path` as `caller`: staff with their session cookie (and CSRF token), the visitor with their credential. */
async function ask(caller: Caller, method: 'GET' | 'POST', path: string, body?: Record<string, string>): Promise<number> {
  const headers: Record<string, string> = { Accept: path.includes('/api/') || path.startsWith('/chat') ? 'application/json' : 'text/html' };
  if (caller === 'visitor') Object.assign(headers, visitor.auth);
  if (caller !== 'anonymous' && caller !== 'visitor') {
    const client = staff[caller];
    headers.Cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (method === 'POST' && client.csrfToken) headers['X-CSRF-Token'] = client.csrfToken;
  }
  const abort = new AbortController();
  const isJson = path.startsWith('/chat');
  const res = await fetch(`${service.url}${path}`, {
    method,
    redirect: 'manual',
    headers: { ...headers, ...(method === 'POST' ? { 'Content-Type': isJson ? 'application/json' : 'application/x-www-form-urlencoded' } : {}) },
    body: method === 'POST' ? (isJson ? JSON.stringify(body ?? {}) : new URLSearchParams(body ?? {}).toString()) : undefined,
    signal: abort.signal,
  });
  // Streams stay open: the status line is the answer.
  abort.abort();
  await res.body?.cancel().catch(() => undefined);
  return res.status;
}

function matches(status: number, expected: Expected): boolean {
  if (expected === ALLOWED) return status < 300 || status === 303 || status === 302 || status === 400 || status === 409;
  return status === expected;
}

/** Expected answers: the same refusal for everyone not listed as allowed. */
function rule(allowed: Caller[], refusals: Partial<Record<Caller, number>>): Record<Caller, Expected> {
  return Object.fromEntries(CALLERS.map((c) => [c, allowed.includes(c) ? ALLOWED : refusals[c]!])) as Record<Caller, Expected>;
}

const STAFF: Caller[] = ['editor', 'officerOther', 'officer', 'lead', 'admin'];
/** A console page without a session sends the browser to sign in; an API or a form post gets 401. */
const SIGNED_OUT_PAGE = { anonymous: 303, visitor: 303 };
const SIGNED_OUT_CALL = { anonymous: 401, visitor: 401 };
const signedOut = (kind: 'page' | 'call') => (kind === 'page' ? SIGNED_OUT_PAGE : SIGNED_OUT_CALL);
const allStaff = (kind: 'page' | 'call') => rule(STAFF, signedOut(kind));
/** People's questions: officers and leads of the ticket's department, admins; to anyone else the ticket does not exist. */
const ticketDepartment = (kind: 'page' | 'call') => rule(['officer', 'lead', 'admin'], { ...signedOut(kind), editor: 404, officerOther: 404 });
const leadsOnly = (kind: 'page' | 'call') => rule(['lead', 'admin'], { ...signedOut(kind), editor: 403, officerOther: 403, officer: 403 });
const adminOnly = (kind: 'page' | 'call') => rule(['admin'], { ...signedOut(kind), editor: 403, officerOther: 403, officer: 403, lead: 403 });
/** Suggestions and proposing an answer as an FAQ entry: refused to editors by role, before the ticket is looked up. */
const ticketHelp = rule(['officer', 'lead', 'admin'], { ...SIGNED_OUT_CALL, editor: 403, officerOther: 404 });
/** Content drafting: editors, leads, admins. */
const drafters = (kind: 'page' | 'call') => rule(['editor', 'lead', 'admin'], { ...signedOut(kind), officerOther: 403, officer: 403 });
/** The web chat API answers only the visitor's credential; a console session is not one. */
const visitorOnly = rule(['visitor'], { anonymous: 401, editor: 401, officerOther: 401, officer: 401, lead: 401, admin: 401 });

interface Route {
  method: 'GET' | 'POST';
  path: () => string;
  expect: Record<Caller, Expected>;
  body?: Record<string, string>;
}

const routes: Route[] = [
  // Console pages and their files.
  { method: 'GET', path: () => '/console/static/console.css', expect: rule(CALLERS, {}) },
  { method: 'GET', path: () => '/console', expect: rule(CALLERS, {}) },
  { method: 'GET', path: () => '/console/login', expect: rule(CALLERS, {}) },
  // An editor's start page is the content list: the queue sends them there.
  { method: 'GET', path: () => '/console/queue', expect: rule(['officerOther', 'officer', 'lead', 'admin'], { ...SIGNED_OUT_PAGE, editor: 303 }) },
  { method: 'GET', path: () => '/console/account', expect: allStaff('page') },
  { method: 'GET', path: () => `/console/tickets/${ticket}`, expect: ticketDepartment('page') },
  { method: 'GET', path: () => `/console/tickets/${ticket}/takeover`, expect: ticketDepartment('page') },
  { method: 'GET', path: () => `/console/api/tickets/${ticket}/deliveries`, expect: ticketDepartment('call') },
  { method: 'GET', path: () => '/console/events', expect: rule(['officerOther', 'officer', 'lead', 'admin'], { ...SIGNED_OUT_CALL, editor: 403 }) },
  { method: 'GET', path: () => `/console/api/tickets/${ticket}/suggestions`, expect: ticketHelp },
  // The content section.
  { method: 'GET', path: () => '/console/content', expect: drafters('page') },
  { method: 'GET', path: () => '/console/content/faq/new', expect: drafters('page') },
  { method: 'GET', path: () => '/console/content/unanswered', expect: drafters('page') },
  { method: 'GET', path: () => '/console/content/items/new?kind=event', expect: drafters('page') },
  { method: 'GET', path: () => '/console/admin/departments', expect: adminOnly('page') },
  { method: 'GET', path: () => '/console/admin/rules', expect: adminOnly('page') },
  { method: 'GET', path: () => '/console/admin/staff', expect: adminOnly('page') },
  { method: 'GET', path: () => '/console/admin/calendar', expect: adminOnly('page') },
  { method: 'GET', path: () => '/console/news', expect: leadsOnly('page') },
  { method: 'GET', path: () => `/console/news/${adminNews}`, expect: leadsOnly('page') },
  { method: 'GET', path: () => '/console/reports', expect: leadsOnly('page') },
  { method: 'GET', path: () => '/console/reports/tickets.csv', expect: leadsOnly('page') },
  { method: 'GET', path: () => '/console/reports/summary.csv', expect: leadsOnly('page') },
  { method: 'GET', path: () => '/console/reports/print', expect: leadsOnly('page') },
  { method: 'GET', path: () => '/console/jobs', expect: leadsOnly('page') },
  // Console actions, each with an empty or harmless form: the question is who gets past the door.
  { method: 'POST', path: () => '/console/account/password', expect: allStaff('call') },
  { method: 'POST', path: () => '/console/content/faq/matrix-entry', expect: drafters('call') },
  { method: 'POST', path: () => '/console/content/unanswered/ignore', expect: drafters('call') },
  // Publishing and restoring are a lead's or admin's; the draft does not exist, so those allowed get 404.
  {
    method: 'POST',
    path: () => '/console/content/drafts/faq:matrix-entry/publish',
    expect: rule([], { ...SIGNED_OUT_CALL, editor: 403, officerOther: 403, officer: 403, lead: 404, admin: 404 }),
  },
  { method: 'POST', path: () => `/console/api/tickets/${ticket}/propose-faq`, expect: ticketHelp },
  { method: 'POST', path: () => `/console/tickets/${ticket}/note`, expect: ticketDepartment('call') },
  { method: 'POST', path: () => `/console/tickets/${ticket}/answer`, expect: ticketDepartment('call') },
  { method: 'POST', path: () => `/console/tickets/${ticket}/in-progress`, expect: ticketDepartment('call') },
  { method: 'POST', path: () => `/console/tickets/${ticket}/reopen`, expect: ticketDepartment('call') },
  // Filled in, so the answer is about the ticket rather than the form (nobody holds this conversation: 409 for those allowed).
  {
    method: 'POST',
    path: () => `/console/tickets/${ticket}/takeover/message`,
    body: { text: 'Chào anh/chị', clientId: 'matrix-1' },
    expect: ticketDepartment('call'),
  },
  { method: 'POST', path: () => `/console/tickets/${ticket}/takeover/end`, expect: ticketDepartment('call') },
  { method: 'POST', path: () => `/console/tickets/${ticket}/close`, expect: ticketDepartment('call') },
  // Closed now: those allowed are told a closed ticket cannot be taken over (409).
  { method: 'POST', path: () => `/console/tickets/${ticket}/takeover/start`, expect: ticketDepartment('call') },
  {
    method: 'POST',
    path: () => `/console/tickets/${ticket}/reassign`,
    expect: rule(['lead', 'admin'], { ...SIGNED_OUT_CALL, editor: 403, officerOther: 403, officer: 403 }),
  },
  { method: 'POST', path: () => '/console/admin/departments', expect: adminOnly('call') },
  { method: 'POST', path: () => `/console/admin/departments/${DEPT_A}`, expect: adminOnly('call') },
  { method: 'POST', path: () => '/console/admin/rules', expect: adminOnly('call') },
  { method: 'POST', path: () => `/console/admin/rules/${ruleKey}`, expect: adminOnly('call') },
  { method: 'POST', path: () => '/console/admin/staff', expect: adminOnly('call') },
  { method: 'POST', path: () => `/console/admin/staff/${officerOtherId}`, expect: adminOnly('call') },
  { method: 'POST', path: () => `/console/admin/staff/${officerOtherId}/password`, expect: adminOnly('call') },
  { method: 'POST', path: () => `/console/admin/staff/${officerOtherId}/unlock`, expect: adminOnly('call') },
  { method: 'POST', path: () => '/console/admin/calendar', expect: adminOnly('call') },
  { method: 'POST', path: () => '/console/news', expect: leadsOnly('call') },
  // A lead withdraws only their own news items; this one is the admin's.
  {
    method: 'POST',
    path: () => `/console/news/${adminNews}/cancel`,
    expect: rule(['admin'], { ...SIGNED_OUT_CALL, editor: 403, officerOther: 403, officer: 403, lead: 403 }),
  },
  // The web chat page and its files are public.
  { method: 'GET', path: () => '/chat', expect: rule(CALLERS, {}) },
  { method: 'GET', path: () => '/chat/chat.js', expect: rule(CALLERS, {}) },
  { method: 'GET', path: () => '/chat/embed.js', expect: rule(CALLERS, {}) },
  // The web chat API.
  { method: 'POST', path: () => '/chat/api/visitors', expect: rule(CALLERS, {}) },
  { method: 'GET', path: () => '/chat/api/messages?after=0', expect: visitorOnly },
  { method: 'GET', path: () => '/chat/api/stream?after=0', expect: visitorOnly },
  { method: 'POST', path: () => '/chat/api/messages', body: { clientMessageId: randomUUID(), text: 'Xin chào' }, expect: visitorOnly },
  { method: 'POST', path: () => '/chat/api/language', body: { language: 'vi' }, expect: visitorOnly },
];

describe('who may use each route', () => {
  for (const route of routes) {
    const label = route.path
      .toString()
      .replace(/^\(\)\s*=>\s*[`'"]|[`'"]$/g, '')
      .replace(/\$\{(\w+)\}/g, ':$1');
    it(`${route.method} ${label}: each caller gets the answer their rights give`, async () => {
      const answers: Record<string, number> = {};
      for (const caller of CALLERS) answers[caller] = await ask(caller, route.method, route.path(), route.body);
      const wrong = CALLERS.filter((caller) => !matches(answers[caller]!, route.expect[caller]));
      expect(wrong.map((caller) => `${caller}: got ${answers[caller]}, expected ${route.expect[caller]}`)).toEqual([]);
    });
  }

  it('when a member of staff has seen a visitor id (takeover page, live events, logs), then it does not let them read or write as that visitor', async () => {
    const page = await staff.officer.get(`/console/tickets/${ticket}/takeover`);
    expect(page.status).toBe(200);
    const asVisitor = { Authorization: `Bearer ${visitor.visitorId}.${'A'.repeat(43)}` };
    expect((await fetch(`${service.url}/chat/api/messages?after=0`, { headers: asVisitor })).status).toBe(401);
    expect(
      (
        await fetch(`${service.url}/chat/api/messages`, {
          method: 'POST',
          headers: { ...asVisitor, 'Content-Type': 'application/json' },
          body: JSON.stringify({ clientMessageId: randomUUID(), text: 'Xoá dữ liệu của tôi' }),
        })
      ).status,
    ).toBe(401);
  });

  it('POST /console/logout: only a signed-in member of staff signs out', async () => {
    expect(await ask('anonymous', 'POST', '/console/logout')).toBe(401);
    expect(await ask('visitor', 'POST', '/console/logout')).toBe(401);
    const own = await signedIn(service.url, await addStaff('ra.ve', 'officer', DEPT_A));
    expect((await own.post('/console/logout')).status).toBe(303);
  });
});
