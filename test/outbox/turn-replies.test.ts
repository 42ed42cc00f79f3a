import { describe, expect, it } from 'vitest';
import { ContactModel } from '../../src/db/models/contact.js';
import { OutboxMessageModel } from '../../src/db/models/outbox-message.js';
import { storeTurnReplies, type EnqueueInput } from '../../src/outbox/enqueue.js';
import { appendTranscriptLine, readTranscript, type NumberedLine } from '../../src/services/transcript.js';
import { useTestDatabase } from '../support/database.js';

useTestDatabase('turn_replies');

const at = new Date('2026-12-04T03:00:00Z');
const noWake = () => {};

async function personWithLines(key: string, lineCount: number): Promise<void> {
  await ContactModel.collection.insertOne({
    _id: key,
    key,
    channel: 'zalo',
    userId: key.slice(5),
    firstSeenAt: at,
    lineCount,
    consents: [],
    subscriptions: [],
  } as never);
}

const replies = (key: string, inboxId: string): EnqueueInput[] => [
  { contactKey: key, purpose: 'reply', key: `in:${inboxId}#1`, message: { text: 'Thời hạn bảo hộ nhãn hiệu là 10 năm.' } },
  {
    contactKey: key,
    purpose: 'reply',
    key: `in:${inboxId}#2`,
    message: { text: 'Bạn cần gì thêm?', quickReplies: [{ title: 'Menu chính', payload: 'MENU' }] },
  },
];

const personLine = (n: number): NumberedLine => ({ n, line: { direction: 'in', author: 'person', text: 'thời hạn bảo hộ nhãn hiệu', at } });

describe("a turn's replies stored after the count its first contact write returned", () => {
  it('when staff wrote to the person while the turn ran, then every line is kept once, none overwritten, and the count covers them all', async () => {
    const key = 'zalo:111';
    await personWithLines(key, 3);
    // Staff take line 4 after the turn's first write numbered the person's line 3.
    await appendTranscriptLine(key, { direction: 'out', author: 'staff', staffId: 's1', text: 'Cán bộ đang xem câu hỏi.', at });

    const stored = await storeTurnReplies(replies(key, 'zalo:e1'), noWake, at, [personLine(3)], { lineCount: 3, queued: false });

    expect(stored.toSend.map((m) => m.message.text)).toEqual(['Thời hạn bảo hộ nhãn hiệu là 10 năm.', 'Bạn cần gì thêm?']);
    const lines = await readTranscript(key, 10);
    expect(lines.map((l) => l.text).sort()).toEqual(
      ['Bạn cần gì thêm?', 'Cán bộ đang xem câu hỏi.', 'Thời hạn bảo hộ nhãn hiệu là 10 năm.', 'thời hạn bảo hộ nhãn hiệu'].sort(),
    );
    const contact = (await ContactModel.findById(key).lean())!;
    expect(contact.lineCount).toBeGreaterThanOrEqual(6);
    // A typed "1" is read against the choices of the last reply.
    expect(contact.lastChoices).toEqual([{ number: 1, title: 'Menu chính', payload: 'MENU' }]);
  });

  it("when messages waited in the person's queue as the turn began, then the replies queue behind them instead of going at once", async () => {
    const key = 'zalo:222';
    await personWithLines(key, 1);

    const stored = await storeTurnReplies(replies(key, 'zalo:e2'), noWake, at, [personLine(1)], { lineCount: 1, queued: true });

    expect(stored).toMatchObject({ toSend: [], queued: true });
    expect((await OutboxMessageModel.find({ contactKey: key }).sort({ seq: 1 }).lean()).map((m) => m.key)).toEqual(['in:zalo:e2#1', 'in:zalo:e2#2']);
    expect((await readTranscript(key, 10)).map((l) => l.text)).toEqual([
      'thời hạn bảo hộ nhãn hiệu',
      'Thời hạn bảo hộ nhãn hiệu là 10 năm.',
      'Bạn cần gì thêm?',
    ]);
  });
});
