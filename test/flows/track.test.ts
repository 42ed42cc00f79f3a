import { describe, expect, it } from 'vitest';
import { DepartmentModel } from '../../src/db/models/department.js';
import { t } from '../../src/i18n.js';
import { formatDate } from '../../flows/shared/format.js';
import { buildRatingPrompt } from '../../flows/satisfaction.js';
import { payloadsOf, useFlowService } from './chat.js';
import { fileQuestion, staffAnswers } from './scenarios.js';
import { waitUntil } from '../support/recording-channel.js';

const app = useFlowService('flows_track');

async function departmentName(code: string, language: 'vi' | 'en') {
  return (await DepartmentModel.findOne({ code }).lean())!.name![language];
}

describe('track my question', () => {
  it('when a person types their code however they like, then they see status, department and dates, and later the answer with a rating question', async () => {
    const chat = app.person('zalo');
    const ticket = await fileQuestion(chat, 'do-luong', 'Đồng hồ nước nhà tôi chạy nhanh bất thường, kiểm định ở đâu?');
    const typed = ticket.code.toLowerCase().replace(/-/g, ' ').replace(/ 0+/, ' ');
    const shown = await chat.say(typed);
    const text = shown[0]!.text;
    expect(text).toContain(ticket.code);
    expect(text).toContain(t('vi', 'shared:status.new'));
    expect(text).toContain(await departmentName(ticket.departmentCode, 'vi'));
    expect(text).toContain(formatDate(ticket.dueAt, 'vi', app.service.tickets.calendar.timezone));
    expect(text).toContain(t('vi', 'track:waiting'));

    const before = chat.all().length;
    await staffAnswers(app.service, ticket._id.toString(), 'Quý ông/bà liên hệ Chi cục TCĐLCL để được kiểm định lại đồng hồ nước.');
    await waitUntil(() => chat.all().length > before, 10_000, 'staff answer delivered');
    const delivered = chat.all().at(-1)!;
    expect(delivered.text).toContain('kiểm định lại đồng hồ nước');
    expect(delivered.quickReplies).toEqual(buildRatingPrompt(ticket.code, 'vi').quickReplies);

    const list = await chat.tap('TRACK');
    expect(list.at(-1)!.text).toContain(t('vi', 'track:list_intro'));
    expect(list.at(-1)!.text).toContain(t('vi', 'shared:status.answered'));
    const detail = await chat.choose(list, `TICKET:${ticket.code}`);
    expect(detail[0]!.text).toContain('kiểm định lại đồng hồ nước');
    expect(detail.at(-1)).toEqual(buildRatingPrompt(ticket.code, 'vi'));
  });

  it("when someone types another person's code, then it reads as unknown and nothing is shown", async () => {
    const owner = app.person('zalo');
    const ticket = await fileQuestion(owner, 'chat-luong', 'Câu hỏi riêng tư về sản phẩm của công ty tôi');
    const other = app.person('zalo');
    const replies = await other.say(ticket.code);
    expect(replies.at(-1)!.text).toContain(t('vi', 'track:missing'));
    expect(replies.map((r) => r.text).join()).not.toContain('riêng tư');
  });

  it('when there are no open questions, then the bot asks for a code, refuses a malformed one and finds a good one (in English)', async () => {
    const chat = app.person('messenger');
    await chat.tap('LANG:en');
    const empty = await chat.tap('TRACK');
    expect(empty[0]!.text).toBe(t('en', 'track:none_open'));
    expect(empty.at(-1)!.text).toBe(t('en', 'track:ask_code'));
    expect((await chat.say('12345')).at(-1)!.text).toBe(t('en', 'track:invalid_retry'));
    expect((await chat.say('KHCN-2026-99999')).at(-1)!.text).toBe(t('en', 'track:missing_retry'));
    const ticket = await fileQuestion(chat, 'chuyen-doi-so', 'How do I get a digital signature for my company?');
    await chat.tap('TRACK_CODE');
    const shown = await chat.say(ticket.code);
    expect(shown[0]!.text).toContain(t('en', 'shared:status.new'));
    expect(shown[0]!.text).toContain(await departmentName(ticket.departmentCode, 'en'));
    expect(payloadsOf(shown)).toEqual(['TRACK', 'MENU']);
  });
});
