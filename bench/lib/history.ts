// A year of history written straight into the collections, in the shapes the service writes:
// handled inbound events with their replies (records, transcript lines both ways), contacts
// with dialog state, tickets, and news subscribers. Inserted with the driver in batches.
import mongoose from 'mongoose';
import { inboundEventKey } from '../../src/db/models/inbox-event.js';
import { transcriptLineId } from '../../src/db/models/transcript-message.js';
import { localDateOf } from '../../src/services/zoned-time.js';

const YEAR_MS = 365 * 86_400_000;
const BATCH = 2_000;
const DEPARTMENTS = ['van-phong', 'tcdlcl', 'qlkh', 'shtt', 'kt-cn', 'cds'];

async function insertInBatches(collection: string, count: number, make: (i: number) => Record<string, unknown>): Promise<void> {
  const target = mongoose.connection.db!.collection(collection);
  for (let start = 0; start < count; start += BATCH) {
    const docs = Array.from({ length: Math.min(BATCH, count - start) }, (_, j) => make(start + j));
    await target.insertMany(docs, { ordered: false });
  }
}

/** The person a history event belongs to (`people` of them, on Zalo). */
const personOf = (i: number, people: number): string => `zalo:9${String(i % people).padStart(9, '0')}`;

/** When handled event `i` was received: events are spread over the year before `now`. */
const eventTimeOf = (i: number, now: Date): Date => new Date(now.getTime() - YEAR_MS + Math.floor((i / 300_000) * YEAR_MS));

/**
 * Adds handled events `from` … `to - 1` (each with its reply) spread over the past year, for
 * `people` people; every event adds two transcript lines and two records.
 */
export async function growHandledEvents(from: number, to: number, people: number, now: Date): Promise<void> {
  const atOf = (i: number) => eventTimeOf(i, now);
  const count = to - from;
  await insertInBatches('inbox_history', count, (k) => {
    const i = from + k;
    const eventId = `hist-${i}`;
    const contactKey = personOf(i, people);
    const at = atOf(i);
    return {
      _id: inboundEventKey('zalo', eventId),
      channel: 'zalo',
      eventId,
      contactKey,
      event: {
        channel: 'zalo',
        eventId,
        userId: contactKey.slice(5),
        type: 'message',
        text: `Câu hỏi lưu trữ số ${i} về kiểm định cân`,
        timestamp: at.getTime(),
      },
      occurredAt: at,
      receivedAt: at,
      status: 'done',
      attempts: 1,
      doneAt: at,
    };
  });
  await insertInBatches('outbox_history', count, (k) => {
    const i = from + k;
    const key = `in:${inboundEventKey('zalo', `hist-${i}`)}#1`;
    const contactKey = personOf(i, people);
    const at = atOf(i);
    return {
      _id: key,
      key,
      contactKey,
      channel: 'zalo',
      recipientId: contactKey.slice(5),
      message: { text: `Trả lời câu hỏi số ${i}: theo Luật Đo lường, cân phải được kiểm định định kỳ.` },
      purpose: 'reply',
      seq: at.getTime() * 1000,
      attempts: [{ at, ok: true, platformMessageId: `p-${i}` }],
      createdAt: at,
      status: 'sent',
      sentAt: at,
      platformMessageId: `p-${i}`,
      settledAt: at,
    };
  });
  // Transcript numbers: person p's events are i = p, p + people, …; its lines are 2n+1 and 2n+2.
  await insertInBatches('messages', count * 2, (k) => {
    const i = from + Math.floor(k / 2);
    const contactKey = personOf(i, people);
    const n = Math.floor(i / people) * 2 + (k % 2) + 1;
    return {
      _id: transcriptLineId(contactKey, n),
      contactKey,
      direction: k % 2 === 0 ? 'in' : 'out',
      author: k % 2 === 0 ? 'person' : 'bot',
      text: k % 2 === 0 ? `Câu hỏi số ${i}` : `Trả lời số ${i}`,
      attachments: [],
      at: atOf(i),
    };
  });
}

/** Botkit's state of a person who stopped in the middle of the question flow. */
const HALF_ASKED = JSON.stringify({
  dialogState: {
    dialogStack: [{ id: 'ask', state: { step: 'text', values: { kind: 'question', topic: 'do-luong', parts: ['Cân điện tử cần kiểm định ở đâu?'] } } }],
  },
  eTag: '*',
});

/** Contacts for `people` people who wrote (with dialog state and transcript counts), and `subscribers` more who only subscribed. */
export async function growContacts(people: number, eventsPerPerson: number, subscribers: number, now: Date): Promise<void> {
  const firstSeenAt = new Date(now.getTime() - YEAR_MS);
  await insertInBatches('contacts', people, (p) => {
    const key = personOf(p, people);
    return {
      _id: key,
      key,
      channel: 'zalo',
      userId: key.slice(5),
      language: 'vi',
      followState: 'following',
      firstSeenAt,
      lastInboundAt: new Date(now.getTime() - 30 * 86_400_000),
      inboundCount: eventsPerPerson,
      lineCount: eventsPerPerson * 2,
      // The local days of the person's handled events (person p has events p, p + people, …).
      activeDays: [...new Set(Array.from({ length: eventsPerPerson }, (_, k) => localDateOf(eventTimeOf(p + k * people, now), 'Asia/Ho_Chi_Minh')))],
      consents: [],
      subscriptions: p % 2 === 0 ? ['do-luong'] : [],
      // One in ten left a question half asked: their dialog state stays on the contact.
      ...(p % 10 === 0 ? { dialog: HALF_ASKED } : {}),
    };
  });
  await insertInBatches('contacts', subscribers, (s) => {
    const key = `messenger:8${String(s).padStart(9, '0')}`;
    return {
      _id: key,
      key,
      channel: 'messenger',
      userId: key.slice(10),
      language: 'vi',
      followState: 'unknown',
      firstSeenAt,
      consents: [{ purpose: 'news_subscription', granted: true, textVersion: 'v1', at: firstSeenAt }],
      subscriptions: ['chat-luong', 'do-luong'],
    };
  });
}

/**
 * `count` tickets over the past year, most answered or closed, some open, from the first
 * `people` people; `first` numbers them apart from tickets grown earlier.
 */
export async function growTickets(count: number, people: number, now: Date, first = 0): Promise<void> {
  const year = now.getUTCFullYear();
  await insertInBatches('tickets', count, (k) => {
    const i = first + k;
    const createdAt = new Date(now.getTime() - YEAR_MS + Math.floor((k / count) * YEAR_MS));
    const status = i % 20 === 0 ? 'new' : i % 20 === 1 ? 'in_progress' : i % 3 === 0 ? 'answered' : 'closed';
    const answeredAt = new Date(createdAt.getTime() + 3 * 86_400_000);
    return {
      _id: new mongoose.Types.ObjectId(),
      code: `KHCN-${year - 1}-${String(90_000 + i).padStart(6, '0')}`,
      requestKey: `hist-ticket-${i}`,
      kind: i % 7 === 0 ? 'complaint' : 'question',
      topic: 'do-luong',
      departmentCode: DEPARTMENTS[i % DEPARTMENTS.length],
      status,
      contactKey: personOf(i, people),
      channel: 'zalo',
      language: 'vi',
      question: `Câu hỏi lưu trữ số ${i}: cân điện tử ở chợ kiểm định ở đâu?`,
      attachments: [],
      dueAt: new Date(createdAt.getTime() + 15 * 86_400_000),
      ...(status === 'answered' || status === 'closed'
        ? {
            answer: { text: 'Đã trả lời.', staffId: 'lan.nt', at: answeredAt },
            firstResponseAt: answeredAt,
            resolvedAt: answeredAt,
            rating: i % 4 === 0 ? { score: 4, at: answeredAt } : undefined,
          }
        : {}),
      notes: [],
      history: [{ at: createdAt, actor: 'person', action: 'created', status: 'new' }],
      createdAt,
      updatedAt: answeredAt,
    };
  });
}
