import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BroadcastDeliveryModel } from '../../src/db/models/broadcast-delivery.js';
import { BroadcastModel } from '../../src/db/models/broadcast.js';
import { ContactModel } from '../../src/db/models/contact.js';
import { OutboxMessageModel, OutboxRecordModel } from '../../src/db/models/outbox-message.js';
import type { Channel } from '../../src/domain/vocabulary.js';
import { composeNews } from '../../src/news/compose.js';
import { dispatchNews } from '../../src/news/dispatch.js';
import { newsProgress } from '../../src/news/progress.js';
import { dropTestDatabase, testDatabaseUri } from '../support/database.js';
import { waitUntil } from '../support/recording-channel.js';
import { DAY, HOUR, TEST_RATES, office, seedSubscriber, startNewsWorld, type NewsWorld } from './support.js';

const uri = testDatabaseUri('news_delivery');
let world: NewsWorld;

beforeAll(async () => {
  world = await startNewsWorld(uri);
});
afterAll(async () => {
  await world?.close();
  await dropTestDatabase(uri);
});

const AGES = { '2 h': 2 * HOUR, '30 h': 30 * HOUR, '5 days': 5 * DAY, '9 days': 9 * DAY } as const;
type Age = keyof typeof AGES;
const CHANNELS: Channel[] = ['zalo', 'messenger'];

async function seedPeople(topic: string): Promise<Record<string, string>> {
  const people: Record<string, string> = {};
  for (const channel of CHANNELS) {
    for (const [age, ms] of Object.entries(AGES)) people[`${channel} ${age}`] = await seedSubscriber(channel, topic, ms);
  }
  return people;
}

/** One pass of the news job; `now` moves its clock (to pass an expiry without waiting for it). */
function dispatch(now?: () => Date) {
  return dispatchNews({ policies: world.service.channels.policies, wakeOutbox: () => world.service.outboxWorker.wake(), rates: TEST_RATES, now });
}

/** Runs the job until nothing of the item is in the outbox any more, as the every-minute schedule would. */
async function dispatchUntilSettled(broadcastId: string): Promise<void> {
  await dispatch();
  await waitUntil(async () => (await OutboxRecordModel.countDocuments({ broadcastId, status: 'pending' })) === 0, 20_000, 'outbox settled');
  await dispatch();
}

function copiesOf(channel: Channel, userId: string, title: string): number {
  return world.received(channel, userId).filter((text) => text.includes(title)).length;
}

describe('news to subscribers on Zalo and Messenger', () => {
  let people: Record<string, string>;
  let itemId: string;
  const title = 'Hội thảo Luật Chất lượng sản phẩm, hàng hóa sửa đổi';

  beforeAll(async () => {
    people = await seedPeople('chat-luong');
    const item = await composeNews(
      {
        topic: 'chat-luong',
        title,
        text: 'Sở Khoa học và Công nghệ tổ chức hội thảo phổ biến Luật số 78/2025/QH15.',
        linkUrl: 'https://sokhcn.example.gov.vn/tin-tuc/hoi-thao',
        scheduledAt: new Date(),
        expiresAt: new Date(Date.now() + 7 * DAY),
      },
      office,
    );
    itemId = item.id;
    await dispatchUntilSettled(itemId);
  });

  it('when the item goes out, then only people inside their channel window receive it: Zalo within 7 days, Messenger within 24 hours', () => {
    const reached = Object.entries(people).map(([who, userId]) => [who, copiesOf(who.split(' ')[0] as Channel, userId, title)]);
    expect(Object.fromEntries(reached)).toEqual({
      'zalo 2 h': 1,
      'zalo 30 h': 1,
      'zalo 5 days': 1,
      'zalo 9 days': 0,
      'messenger 2 h': 1,
      'messenger 30 h': 0,
      'messenger 5 days': 0,
      'messenger 9 days': 0,
    });
  });

  it('when Messenger sends news inside the 24-hour window, then it goes as an UPDATE without a tag', () => {
    const send = world.graph.sent.find((s) => s.recipientId === people['messenger 2 h'] && JSON.stringify(s.message).includes(title));
    expect(send).toMatchObject({ messaging_type: 'UPDATE' });
    expect(send?.tag).toBeUndefined();
  });

  it('when the console asks for progress, then it shows who got it and who waits for their next contact', async () => {
    const progress = await newsProgress(itemId);
    expect(progress).toMatchObject({ targeted: 8, sent: 4, waitingForNextContact: 4, inProgress: 0, expired: 0, failed: 0 });
    const waiting = await BroadcastDeliveryModel.find({ broadcastId: itemId, status: 'waiting' }).lean();
    expect(waiting.map((d) => d.outcome?.code).sort()).toEqual([
      'messenger_window_closed',
      'messenger_window_closed',
      'messenger_window_closed',
      'zalo_window_closed',
    ]);
  });

  it.each([
    ['zalo', '9 days'],
    ['messenger', '30 h'],
    ['messenger', '9 days'],
  ] as [Channel, Age][])(
    'when a person outside the window (%s, last message %s ago) writes again, then they get the count, the item, then the answer, once',
    async (channel, age) => {
      const userId = people[`${channel} ${age}`]!;
      await world.write(channel, userId, 'Cho tôi hỏi thủ tục công bố hợp quy');
      await waitUntil(() => world.received(channel, userId).some((t) => t.includes('Đã nhận: Cho tôi hỏi thủ tục')), 15_000, 'reply');
      const texts = world.received(channel, userId);
      expect(texts).toHaveLength(3);
      expect(texts[0]).toContain('Quý ông/bà có 1 tin mới từ Sở Khoa học và Công nghệ');
      expect(texts[1]).toContain(title);
      expect(texts[2]).toContain('Đã nhận: Cho tôi hỏi thủ tục công bố hợp quy');

      await world.write(channel, userId, 'Cảm ơn');
      await waitUntil(() => world.received(channel, userId).some((t) => t.includes('Đã nhận: Cảm ơn')), 15_000, 'second reply');
      expect(copiesOf(channel, userId, title)).toBe(1);
      expect(world.received(channel, userId).filter((t) => t.includes('tin mới'))).toHaveLength(1);
    },
  );

  it('when people who already received it write again, then nothing is delivered a second time', async () => {
    const userId = people['zalo 2 h']!;
    await world.write('zalo', userId, 'Xin chào');
    await waitUntil(() => world.received('zalo', userId).some((t) => t.includes('Đã nhận: Xin chào')), 15_000, 'reply');
    expect(copiesOf('zalo', userId, title)).toBe(1);
    expect(world.received('zalo', userId).some((t) => t.includes('tin mới'))).toBe(false);
  });

  it('when the job settles the next-contact deliveries, then progress counts them as sent at next contact', async () => {
    await dispatchUntilSettled(itemId);
    const progress = await newsProgress(itemId);
    expect(progress).toMatchObject({ targeted: 8, sent: 7, sentAtNextContact: 3, waitingForNextContact: 1, expired: 0 });
  });
});

describe('a news message the window closes on before the platform takes it', () => {
  it('when Messenger fails once and the 24-hour window closes before the retry, then the item is held, waits, and reaches the person once at their next message', async () => {
    const title = 'Lịch tiếp công dân tháng 12';
    const psid = await seedSubscriber('messenger', 'thu-tuc-hanh-chinh', 23 * HOUR);
    world.graph.failNext(1, { code: 2, message: 'Service temporarily unavailable' });
    const item = await composeNews(
      { topic: 'thu-tuc-hanh-chinh', title, text: 'Thứ Năm tuần thứ hai.', scheduledAt: new Date(), expiresAt: new Date(Date.now() + DAY) },
      office,
    );
    await dispatch();
    // Before the retry, time passes: the person's last message is now more than a day old.
    await ContactModel.updateOne({ key: `messenger:${psid}` }, { $set: { lastInboundAt: new Date(Date.now() - 25 * HOUR) } });
    await waitUntil(async () => (await OutboxRecordModel.findOne({ broadcastId: item.id }).lean())?.status === 'held', 20_000, 'held by the window');
    await dispatch();
    expect(await newsProgress(item.id)).toMatchObject({ targeted: 1, sent: 0, waitingForNextContact: 1 });
    expect(copiesOf('messenger', psid, title)).toBe(0);

    await world.write('messenger', psid, 'Khi nào tiếp công dân?');
    await waitUntil(() => world.received('messenger', psid).some((t) => t.includes('Đã nhận: Khi nào')), 15_000, 'reply');
    const texts = world.received('messenger', psid);
    expect(texts).toHaveLength(3);
    expect(texts[0]).toContain('Quý ông/bà có 1 tin mới');
    expect(texts[1]).toContain(title);
    await dispatchUntilSettled(item.id);
    expect(await newsProgress(item.id)).toMatchObject({ targeted: 1, sent: 1, sentAtNextContact: 1, waitingForNextContact: 0 });
  });
});

describe('expiry of news items', () => {
  it('when an item expires before a waiting person comes back, then they never get it and progress counts it expired', async () => {
    const title = 'Thông báo tuyển chọn nhiệm vụ khoa học và công nghệ cấp tỉnh năm 2027';
    const stale = await seedSubscriber('messenger', 'khcn-chinh-sach', 3 * DAY);
    const fresh = await seedSubscriber('zalo', 'khcn-chinh-sach', 1 * HOUR);
    const item = await composeNews(
      {
        topic: 'khcn-chinh-sach',
        title,
        text: 'Hạn nộp hồ sơ đề xuất: 30/12/2026.',
        scheduledAt: new Date(),
        expiresAt: new Date(Date.now() + HOUR),
      },
      office,
    );
    await dispatchUntilSettled(item.id);
    expect(copiesOf('zalo', fresh, title)).toBe(1);
    expect(await newsProgress(item.id)).toMatchObject({ targeted: 2, sent: 1, waitingForNextContact: 1 });

    // The news job's next pass after the expiry.
    await dispatch(() => new Date(Date.now() + 2 * HOUR));
    expect(await newsProgress(item.id)).toMatchObject({ targeted: 2, sent: 1, waitingForNextContact: 0, expired: 1 });

    await world.write('messenger', stale, 'Tôi muốn hỏi về đề tài');
    await waitUntil(() => world.received('messenger', stale).some((t) => t.includes('Đã nhận: Tôi muốn hỏi')), 15_000, 'reply');
    expect(world.received('messenger', stale)).toHaveLength(1);
    expect(copiesOf('messenger', stale, title)).toBe(0);
  });

  it('when an item is scheduled but its time passes while the service is down until after expiry, then nothing is sent', async () => {
    const title = 'Tin đã hết hạn trước khi gửi';
    const person = await seedSubscriber('zalo', 'do-luong', 1 * HOUR);
    const item = await composeNews({ topic: 'do-luong', title, text: 'Nội dung', scheduledAt: new Date(), expiresAt: new Date(Date.now() + HOUR) }, office);
    // The news job's first pass after the service comes back, two hours later.
    await dispatch(() => new Date(Date.now() + 2 * HOUR));
    expect(await newsProgress(item.id)).toMatchObject({ targeted: 0 });
    expect(copiesOf('zalo', person, title)).toBe(0);
  });

  it('when an item expires while its message waits to be sent again, then the retry does not go and progress counts it expired', async () => {
    const title = 'Tin hết hạn khi đang chờ gửi lại';
    const person = await seedSubscriber('zalo', 'so-huu-tri-tue', 1 * HOUR);
    const item = await composeNews(
      { topic: 'so-huu-tri-tue', title, text: 'Nội dung', scheduledAt: new Date(), expiresAt: new Date(Date.now() + HOUR) },
      office,
    );
    // Zalo is down: the first attempt fails and the next waits a second or two.
    world.zalo.failNextSendsWithHttp(2, 503);
    await dispatch();
    // The queue entry keeps the attempts while the message waits to be sent again.
    await waitUntil(async () => (await OutboxMessageModel.findOne({ broadcastId: item.id }).lean())?.attempts.length === 1, 10_000, 'first attempt failed');

    const afterExpiry = () => new Date(Date.now() + 2 * HOUR);
    await dispatch(afterExpiry);
    await waitUntil(async () => (await OutboxRecordModel.countDocuments({ broadcastId: item.id, status: 'pending' })) === 0, 20_000, 'outbox settled');
    await dispatch(afterExpiry);
    expect(copiesOf('zalo', person, title)).toBe(0);
    expect(await newsProgress(item.id)).toMatchObject({ targeted: 1, sent: 0, expired: 1, inProgress: 0 });
    expect((await BroadcastModel.findById(item.id).lean())?.status).toBe('done');
  });
});
