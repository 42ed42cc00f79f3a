import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEBCHAT_TICKETS_PER_DAY } from '../../../src/services/webchat-ticket-quota.js';
import { CounterModel } from '../../../src/db/models/counter.js';
import { TicketModel } from '../../../src/db/models/ticket.js';
import { t } from '../../../src/i18n.js';
import type { RunningService } from '../../../src/service.js';
import { useTestDatabase } from '../../support/database.js';
import { newVisitor, queuedFor, startWebChatService, stopWebChatService, type TestVisitor } from './start-webchat.js';

const db = useTestDatabase('webchat_ticket_quota');
let service: RunningService;

beforeAll(async () => {
  service = await startWebChatService(db.uri, {}, { visitorMessagesPerMinute: 1_000 });
});
afterAll(async () => {
  await stopWebChatService(service, db.uri);
});

/** Sends what the page sends for a typed line or a tapped choice, and waits for every answer. */
async function send(visitor: TestVisitor, text: string, payload?: string): Promise<void> {
  const res = await fetch(`${service.url}/chat/api/messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...visitor.auth },
    body: JSON.stringify({ clientMessageId: randomUUID(), text, ...(payload ? { payload } : {}) }),
  });
  expect(res.status).toBe(202);
  await service.inboxWorker.idle();
  await service.outboxWorker.idle();
}

/** Files a question through the web chat, declining to give contact details. */
async function fileQuestion(visitor: TestVisitor): Promise<void> {
  await send(visitor, 'Đặt câu hỏi', 'ASK');
  await send(visitor, 'Đo lường', 'ASK_TOPIC:do-luong');
  await send(visitor, 'Bao lâu phải kiểm định cân một lần?');
  await send(visitor, 'Xong', 'DONE');
  await send(visitor, 'Bỏ qua', 'SKIP');
  await send(visitor, 'Không', 'CONSENT_NO');
  await send(visitor, 'Gửi', 'SEND');
}

function quotaId(visitor: TestVisitor): string {
  return `webchat-tickets:${visitor.visitorId}:${new Date().toISOString().slice(0, 10)}`;
}

describe('tickets from the anonymous web chat', () => {
  it('when a visitor has filed the most tickets allowed today, then the next is not filed and they are told why', async () => {
    const visitor = await newVisitor(service.url);
    // Earlier today this visitor filed all but one of the tickets allowed.
    await CounterModel.create({ _id: quotaId(visitor), seq: WEBCHAT_TICKETS_PER_DAY - 1 });
    await fileQuestion(visitor);
    expect(await TicketModel.countDocuments({ contactKey: `webchat:${visitor.visitorId}` })).toBe(1);

    await fileQuestion(visitor);
    expect(await TicketModel.countDocuments({ contactKey: `webchat:${visitor.visitorId}` })).toBe(1);
    const said = (await queuedFor(visitor.visitorId)).map((line) => line.text);
    expect(said.at(-1)!.startsWith(t('vi', 'intake:daily_limit', { count: WEBCHAT_TICKETS_PER_DAY }))).toBe(true);
  });
});
