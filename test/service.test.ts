import { Router } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleFeature } from '../src/console/index.js';
import type { RunningService } from '../src/service.js';
import { createTicket, createTicketContext, loadTimeLimits } from '../src/services/tickets/index.js';
import { ADMIN, signedIn } from './console/support.js';
import { dropTestDatabase, testDatabaseUri } from './support/database.js';
import { recordingChannel, waitUntil } from './support/recording-channel.js';
import { startTestService } from './support/service.js';

/** A console page a feature adds, with its navigation entry; only one of the two services has it. */
const extraPage = {
  router: Router(),
  nav: { key: 'extra', href: '/console/extra', label: 'Trang riêng', roles: ['admin'] as const },
};

describe('two services in one process', () => {
  const uri = testDatabaseUri('two_services');
  let hanoi: RunningService;
  let london: RunningService;
  let ticketId: string;
  const hanoiZalo = recordingChannel('zalo');
  const londonZalo = recordingChannel('zalo');

  beforeAll(async () => {
    // Outbox polls far apart (the longest allowed): a message leaves promptly only when its service wakes its own worker.
    const admin = { ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password, OUTBOX_POLL_MS: '60000' };
    hanoi = await startTestService({
      mongodbUri: uri,
      env: { ...admin, APP_TIMEZONE: 'Asia/Ho_Chi_Minh' },
      channels: () => [hanoiZalo.parts],
      features: (config) => [createConsoleFeature(config, { pages: [extraPage] })],
    });
    london = await startTestService({
      mongodbUri: uri,
      env: { ...admin, APP_TIMEZONE: 'Europe/London' },
      channels: () => [londonZalo.parts],
      // London answers questions the next calendar day; Hanoi keeps the content files' 5 working days.
      tickets: createTicketContext({ timeLimits: nextDayQuestions() }),
      features: (config) => [createConsoleFeature(config)],
    });
    // 01:05 UTC on 2 March 2026: 08:05 in Vietnam, 01:05 in London (winter time).
    const ticket = await createTicket(
      hanoi.tickets,
      { kind: 'question', topic: 'do-luong', question: 'Cân ở chợ có phải kiểm định không?', contactKey: 'zalo:7001', channel: 'zalo', language: 'vi' },
      { now: new Date('2026-03-02T01:05:00Z') },
    );
    ticketId = ticket.id;
  });
  afterAll(async () => {
    await Promise.all([hanoi?.stop(), london?.stop()]);
    await dropTestDatabase(uri);
  });

  it('when each is configured with its own time zone, then each console shows a ticket received at its own local time', async () => {
    const hanoiStaff = await signedIn(hanoi.url, ADMIN);
    const londonStaff = await signedIn(london.url, ADMIN);

    const inHanoi = await hanoiStaff.get(`/console/tickets/${ticketId}`);
    const inLondon = await londonStaff.get(`/console/tickets/${ticketId}`);

    expect(inHanoi.status).toBe(200);
    expect(inHanoi.text).toContain('Tiếp nhận 08:05 02/03/2026');
    expect(inLondon.status).toBe(200);
    expect(inLondon.text).toContain('Tiếp nhận 01:05 02/03/2026');
  });

  it('when a page is added to one console, then only that console shows it in its navigation', async () => {
    const hanoiStaff = await signedIn(hanoi.url, ADMIN);
    const londonStaff = await signedIn(london.url, ADMIN);

    const hanoiQueue = await hanoiStaff.get('/console/queue');
    const londonQueue = await londonStaff.get('/console/queue');

    expect(hanoiQueue.text).toContain('<a href="/console/extra">Trang riêng</a>');
    expect(londonQueue.text).not.toContain('Trang riêng');
    expect(londonQueue.text).toContain('<a href="/console/queue" aria-current="page">Hàng đợi</a>');
  });

  it('when staff answer a ticket in one console, then that service sends the answer to the person without waiting for its next poll', async () => {
    const hanoiStaff = await signedIn(hanoi.url, ADMIN);
    const answer = 'Cân dùng trong mua bán phải được kiểm định định kỳ.';

    const res = await hanoiStaff.post(`/console/tickets/${ticketId}/answer`, { text: answer, n: '1' });

    expect(res.status).toBe(303);
    // Both services read the same outbox, and both poll only once a minute: the answer
    // arrives in time only because the service that queued it woke its own worker.
    await waitUntil(() => hanoiZalo.textsTo('7001').some((text) => text.includes(answer)), 10_000, 'the answer on Zalo');
    expect(londonZalo.sent).toEqual([]);
  });

  it('when each service has its own time limits, then a question filed in each is due when that service says', async () => {
    const question = { kind: 'question', topic: 'do-luong', question: 'Đồng hồ nước có phải kiểm định không?', channel: 'zalo', language: 'vi' } as const;
    // Monday 2 March 2026, 09:00 in Vietnam.
    const now = new Date('2026-03-02T02:00:00Z');

    const inHanoi = await createTicket(hanoi.tickets, { ...question, contactKey: 'zalo:7002' }, { now });
    const inLondon = await createTicket(london.tickets, { ...question, contactKey: 'zalo:7003' }, { now });

    // Five working days after Monday: the next Monday. One calendar day: Tuesday.
    expect(localDay(inHanoi.dueAt)).toBe('2026-03-09');
    expect(localDay(inLondon.dueAt)).toBe('2026-03-03');
  });
});

/** The content files' time limits, with questions due the next calendar day. */
function nextDayQuestions() {
  const limits = loadTimeLimits();
  return { ...limits, question: { ...limits.question, days: 1, unit: 'calendar_days' as const } };
}

/** The day of `at` in Vietnam, as YYYY-MM-DD. */
function localDay(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(at);
}
