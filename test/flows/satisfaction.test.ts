import { describe, expect, it } from 'vitest';
import { TicketModel } from '../../src/db/models/ticket.js';
import { t } from '../../src/i18n.js';
import { buildRatingPrompt } from '../../flows/satisfaction.js';
import { useFlowService } from './chat.js';
import { fileQuestion, staffAnswers } from './scenarios.js';

const app = useFlowService('flows_rating');

describe('satisfaction rating', () => {
  it('builds a 1–5 prompt whose payloads name the ticket, in both languages', () => {
    for (const language of ['vi', 'en'] as const) {
      const prompt = buildRatingPrompt('KHCN-2026-00042', language);
      expect(prompt.text).toBe(t(language, 'rating:prompt', { code: 'KHCN-2026-00042' }));
      expect(prompt.quickReplies!.map((q) => q.payload)).toEqual([1, 2, 3, 4, 5].map((n) => `RATE:KHCN-2026-00042:${n}`));
      for (const q of prompt.quickReplies!) expect([...q.title].length).toBeLessThanOrEqual(20);
    }
  });

  it('when an answered question is rated and a comment added, then both are stored and the person is thanked', async () => {
    const chat = app.person('zalo');
    const ticket = await fileQuestion(chat, 'so-huu-tri-tue', 'Thời hạn bảo hộ nhãn hiệu là bao lâu?');
    await staffAnswers(app.service, ticket._id.toString(), 'Mười năm, gia hạn được nhiều lần.');
    const thanks = await chat.tap(`RATE:${ticket.code}:4`, '4 ★★★★');
    expect(thanks.at(-1)!.text).toBe(t('vi', 'rating:thanks', { score: 4 }));
    const done = await chat.say('Trả lời nhanh và rõ ràng');
    expect(done.at(-1)!.text).toContain(t('vi', 'rating:comment_thanks'));
    const stored = await TicketModel.findById(ticket._id).lean();
    expect(stored!.rating).toMatchObject({ score: 4, comment: 'Trả lời nhanh và rõ ràng' });
  });

  it('when the person skips the comment after a low score, then the score stays and they are thanked', async () => {
    const chat = app.person('messenger');
    await chat.tap('LANG:en');
    const ticket = await fileQuestion(chat, 'chat-luong', 'What changed on 1 January 2026?');
    await staffAnswers(app.service, ticket._id.toString(), 'Risk-based classes apply.');
    const sorry = await chat.tap(`RATE:${ticket.code}:2`);
    expect(sorry.at(-1)!.text).toBe(t('en', 'rating:thanks_low', { score: 2 }));
    const done = await chat.choose(sorry, 'SKIP');
    expect(done.at(-1)!.text).toContain(t('en', 'rating:no_comment'));
    expect((await TicketModel.findById(ticket._id).lean())!.rating?.score).toBe(2);
  });

  it('when a question without an answer is rated, then the person is told it cannot be rated yet', async () => {
    const chat = app.person('zalo');
    const ticket = await fileQuestion(chat, 'do-luong', 'Câu hỏi chưa có trả lời');
    const replies = await chat.tap(`RATE:${ticket.code}:5`);
    expect(replies.at(-1)!.text).toBe(t('vi', 'rating:not_answered', { code: ticket.code }));
    expect((await TicketModel.findById(ticket._id).lean())!.rating?.score).toBeUndefined();
  });

  it('when a rating button is tapped in the middle of another flow, then it is stored and that flow carries on where it was', async () => {
    const chat = app.person('zalo');
    const ticket = await fileQuestion(chat, 'do-luong', 'Câu hỏi đã được trả lời');
    await staffAnswers(app.service, ticket._id.toString(), 'Đây là câu trả lời.');
    await chat.tap('ASK');
    await chat.tap('ASK_TOPIC:chat-luong');
    const rated = await chat.tap(`RATE:${ticket.code}:5`);
    expect(rated[0]!.text).toBe(t('vi', 'rating:thanks_short', { score: 5 }));
    expect(rated.at(-1)!.text).toBe(t('vi', 'intake:question.text_prompt'));
    expect((await TicketModel.findById(ticket._id).lean())!.rating?.score).toBe(5);
    expect((await chat.say('Câu hỏi tiếp theo')).at(-1)!.text).toBe(t('vi', 'intake:text_received'));
  });

  it("when someone rates another person's ticket, then nothing is stored", async () => {
    const owner = app.person('zalo');
    const ticket = await fileQuestion(owner, 'do-luong', 'Câu hỏi của chủ');
    await staffAnswers(app.service, ticket._id.toString(), 'Trả lời');
    const other = app.person('zalo');
    const replies = await other.tap(`RATE:${ticket.code}:1`);
    expect(replies.at(-1)!.text).toBe(t('vi', 'rating:not_found', { code: ticket.code }));
    expect((await TicketModel.findById(ticket._id).lean())!.rating?.score).toBeUndefined();
  });
});
