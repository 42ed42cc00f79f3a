import { describe, expect, it } from 'vitest';
import { listUnanswered, unansweredKey } from '../../src/editorial/unanswered.js';
import { t } from '../../src/i18n.js';
import { useFlowService } from './chat.js';
import { fileQuestion, staffAnswers } from './scenarios.js';

const app = useFlowService('flows_unanswered');

async function group(text: string) {
  const key = unansweredKey(text, 'vi');
  return (await listUnanswered()).find((g) => g.id === key);
}

describe('questions the bot could not answer', () => {
  it('when people ask something the FAQ does not answer, with and without diacritics, then editors see one group counted twice; a good match is not collected', async () => {
    const question = 'Nuôi ong mật lấy mật có cần giấy phép của Sở không?';
    const first = await app.person('zalo').say(question);
    expect(first.at(-1)!.text).toContain(t('vi', 'search:no_good_match'));
    await app.person('messenger').say('nuoi ong mat lay mat co can giay phep cua so khong');
    expect(await group(question)).toMatchObject({
      count: 2,
      reasons: { no_match: 2, to_staff: 0, low_rating: 0 },
      text: 'nuoi ong mat lay mat co can giay phep cua so khong',
      firstText: question,
    });

    await app.person('zalo').say('Phương tiện đo nhóm 2 là gì?');
    expect(await group('Phương tiện đo nhóm 2 là gì?')).toBeUndefined();
  });

  it('when the person sends the question on to staff, then the group counts it as sent to staff', async () => {
    const chat = app.person('zalo');
    const offer = await chat.say('Hợp tác xã trồng nấm linh chi muốn đăng ký nhãn hiệu tập thể');
    await chat.choose(offer, 'TO_STAFF');
    const found = await group('Hợp tác xã trồng nấm linh chi muốn đăng ký nhãn hiệu tập thể');
    expect(found?.reasons.to_staff).toBe(1);
  });

  it('when an answer is rated 1 or 2, then its question is collected; a good rating is not', async () => {
    const chat = app.person('zalo');
    const low = await fileQuestion(chat, 'do-luong', 'Đồng hồ nước nhà tôi chạy nhanh bất thường thì kiểm tra ở đâu?');
    await staffAnswers(app.service, low._id.toString(), 'Ông/bà liên hệ Chi cục.');
    await chat.tap(`RATE:${low.code}:1`);
    expect((await group('Đồng hồ nước nhà tôi chạy nhanh bất thường thì kiểm tra ở đâu?'))?.reasons.low_rating).toBe(1);

    const good = await fileQuestion(chat, 'do-luong', 'Cột đo xăng dầu bao lâu kiểm định một lần?');
    await staffAnswers(app.service, good._id.toString(), 'Một năm một lần.');
    await chat.tap(`RATE:${good.code}:5`);
    expect(await group('Cột đo xăng dầu bao lâu kiểm định một lần?')).toBeUndefined();
  });
});
