import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/index.js';
import { ContactModel } from '../../src/db/models/contact.js';
import { DepartmentModel } from '../../src/db/models/department.js';
import { TicketModel } from '../../src/db/models/ticket.js';
import { t } from '../../src/i18n.js';
import { createSearchIndex } from '../../src/search/index.js';
import { routeTicket } from '../../src/services/routing.js';
import { dueDateFor } from '../../src/services/tickets/index.js';
import { formatDate } from '../../flows/shared/format.js';
import { menuChoices } from '../../flows/menu.js';
import { payloadsOf, textOf, useFlowService, type Chat } from './chat.js';

const app = useFlowService('flows_ask');
const content = loadContent();

async function expectedDepartment(topic: string | undefined, text: string, language: 'vi' | 'en') {
  const route = await routeTicket({ topic, text, kind: 'question' });
  const department = await DepartmentModel.findOne({ code: route.departmentCode }).lean();
  return { code: route.departmentCode, name: department!.name![language] };
}

async function ticketOf(chat: Chat) {
  const tickets = await TicketModel.find({ contactKey: chat.contactKey }).lean();
  expect(tickets).toHaveLength(1);
  return tickets[0]!;
}

/** Walks to the consent question: topic, two messages of text, one image. */
async function writeQuestion(chat: Chat, topic: string, lines: string[]) {
  const start = await chat.tap('ASK');
  expect(start.at(-1)!.text).toBe(t('vi', 'intake:topic_prompt'));
  const text = await chat.choose(start, `ASK_TOPIC:${topic}`);
  expect(text.at(-1)!.text).toBe(t('vi', 'intake:question.text_prompt'));
  for (const line of lines) expect((await chat.say(line)).at(-1)!.text).toBe(t('vi', 'intake:text_received'));
  const attach = await chat.tap('DONE', t('vi', 'shared:done_button'));
  expect(attach.at(-1)!.text).toBe(t('vi', 'intake:attachments_prompt'));
  const attached = await chat.attach([{ type: 'image', url: 'https://cdn.example.vn/anh-can.jpg' }]);
  expect(attached.at(-1)!.text).toBe(t('vi', 'intake:attachments_so_far', { count: 1 }));
  const consent = await chat.choose(attached, 'SKIP');
  expect(consent.at(-1)!.text).toContain(t('vi', 'consent:ticket_contact.text'));
  expect(payloadsOf(consent)).toEqual(['CONSENT_YES', 'CONSENT_NO', 'MENU']);
  return consent;
}

describe('ask a question', () => {
  it('when consent is declined, then the question is still filed without contact details, routed by topic, with code, department and due date', async () => {
    const chat = app.person('messenger');
    const lines = ['Cửa hàng tôi dùng cân điện tử để bán rau.', 'Bao lâu phải kiểm định cân một lần?'];
    const consent = await writeQuestion(chat, 'do-luong', lines);
    const summary = await chat.choose(consent, 'CONSENT_NO');
    expect(summary.at(-1)!.text).toContain(t('vi', 'intake:question.no_contact'));
    expect(summary.at(-1)!.text).toContain(lines[1]);
    const done = await chat.choose(summary, 'SEND');

    const ticket = await ticketOf(chat);
    const department = await expectedDepartment('do-luong', lines.join('\n'), 'vi');
    expect(ticket).toMatchObject({
      kind: 'question',
      topic: 'do-luong',
      departmentCode: department.code,
      question: lines.join('\n'),
      channel: 'messenger',
      language: 'vi',
    });
    expect(ticket.contact?.name).toBeUndefined();
    expect(ticket.attachments.map((a) => a.url)).toEqual(['https://cdn.example.vn/anh-can.jpg']);
    const { timeLimits, calendar } = app.service.tickets;
    expect(ticket.dueAt.getTime()).toBe(dueDateFor('question', ticket.createdAt, timeLimits, calendar).getTime());

    const text = done.at(-1)!.text;
    expect(text).toContain(ticket.code);
    expect(text).toContain(department.name);
    expect(text).toContain(formatDate(ticket.dueAt, 'vi', calendar.timezone));
    expect(text).toContain(t('vi', 'intake:answer_in_chat'));
    expect(done.at(-1)!.quickReplies).toEqual(menuChoices('vi'));

    const contact = await ContactModel.findOne({ key: chat.contactKey }).lean();
    expect(contact!.consents.map((c) => [c.purpose, c.granted])).toEqual([['ticket_contact', false]]);
    expect(contact!.profile?.name).toBeUndefined();
  });

  it('when consent is given on Zalo, then the Zalo form is sent and the submitted name and phone go with the ticket', async () => {
    const chat = app.person('zalo');
    const consent = await writeQuestion(chat, 'so-huu-tri-tue', ['Tôi muốn đăng ký nhãn hiệu cho sản phẩm mật ong.']);
    const form = await chat.choose(consent, 'CONSENT_YES');
    expect(form.at(-1)!.requestUserInfo).toEqual({ title: t('vi', 'consent:form_title'), subtitle: t('vi', 'consent:form_subtitle') });
    const summary = await chat.submit({ name: 'Trần Thị Bình', phone: '84912345678', address: '12 Lê Lợi', city: 'Hưng Yên' });
    expect(summary.at(-1)!.text).toContain('Trần Thị Bình, 0912345678');
    await chat.choose(summary, 'SEND');

    const ticket = await ticketOf(chat);
    expect(ticket.contact).toMatchObject({ name: 'Trần Thị Bình', phone: '0912345678' });
    expect(ticket.departmentCode).toBe((await expectedDepartment('so-huu-tri-tue', ticket.question, 'vi')).code);
    const contact = await ContactModel.findOne({ key: chat.contactKey }).lean();
    expect(contact!.profile).toMatchObject({ name: 'Trần Thị Bình', phone: '0912345678' });
    expect(contact!.consents).toHaveLength(1);
    expect(contact!.consents[0]).toMatchObject({
      purpose: 'ticket_contact',
      granted: true,
      textVersion: `ticket_contact/v${t('vi', 'consent:ticket_contact.version')}/vi`,
    });
  });

  it('when consent is given elsewhere, then name and phone are asked as text, a wrong phone is refused, and saved details are offered next time', async () => {
    const chat = app.person('messenger');
    await chat.tap('LANG:en');
    const start = await chat.tap('ASK');
    expect(start.at(-1)!.text).toBe(t('en', 'intake:topic_prompt'));
    await chat.choose(start, 'ASK_TOPIC:chat-luong');
    await chat.say('Which products need a digital product passport from 2026?');
    await chat.tap('DONE');
    const consent = await chat.tap('SKIP');
    expect(consent.at(-1)!.text).toContain(t('en', 'consent:ticket_contact.text'));
    const name = await chat.choose(consent, 'CONSENT_YES');
    expect(name.at(-1)!.text).toBe(t('en', 'consent:ask_name'));
    expect(name.at(-1)!.requestUserInfo).toBeUndefined();
    expect((await chat.say('Lê Văn Cường')).at(-1)!.text).toBe(t('en', 'consent:ask_phone'));
    expect((await chat.say('12-34')).at(-1)!.text).toBe(t('en', 'consent:invalid_phone'));
    const summary = await chat.say('+84 983 123 456');
    expect(summary.at(-1)!.text).toContain('Lê Văn Cường, 0983123456');
    const done = await chat.choose(summary, 'SEND');
    expect(done.at(-1)!.text).not.toContain(t('en', 'intake:answer_in_chat'));
    expect((await ticketOf(chat)).contact).toMatchObject({ name: 'Lê Văn Cường', phone: '0983123456' });

    // A second question: the saved details are offered instead of asking again.
    await chat.tap('ASK:chat-luong');
    await chat.say('And for imported goods?');
    await chat.tap('DONE');
    await chat.tap('SKIP');
    const saved = await chat.tap('CONSENT_YES');
    expect(saved.at(-1)!.text).toBe(t('en', 'consent:use_saved', { details: 'Lê Văn Cường, 0983123456' }));
    const summary2 = await chat.choose(saved, 'DETAILS_SAVED');
    expect(summary2.at(-1)!.text).toContain('Lê Văn Cường, 0983123456');
  });

  it('when the summary is edited, then the new text and topic are what gets filed', async () => {
    const chat = app.person('zalo');
    await chat.tap('ASK');
    await chat.tap('ASK_TOPIC:none');
    await chat.say('Nội dung ban đầu');
    await chat.tap('DONE');
    await chat.tap('SKIP');
    let summary = await chat.tap('CONSENT_NO');
    expect(summary.at(-1)!.text).toContain(t('vi', 'intake:topic_unknown'));
    const edit = await chat.choose(summary, 'EDIT_TEXT');
    expect(edit.at(-1)!.text).toBe(t('vi', 'intake:question.text_prompt'));
    await chat.say('Thủ tục xin hỗ trợ chuyển giao công nghệ cho hợp tác xã');
    summary = await chat.tap('DONE');
    expect(summary.at(-1)!.text).toContain('Thủ tục xin hỗ trợ chuyển giao công nghệ');
    expect(summary.at(-1)!.text).not.toContain('Nội dung ban đầu');
    await chat.choose(summary, 'EDIT_TOPIC');
    summary = await chat.tap('ASK_TOPIC:khoi-nghiep-dmst');
    expect(summary.at(-1)!.text).toContain(content.topicById.get('khoi-nghiep-dmst')!.title.vi);
    await chat.choose(summary, 'SEND');
    const ticket = await ticketOf(chat);
    expect(ticket).toMatchObject({ topic: 'khoi-nghiep-dmst', question: 'Thủ tục xin hỗ trợ chuyển giao công nghệ cho hợp tác xã' });
  });

  it('when the person types "menu" midway, then the flow stops, nothing is filed, and starting again later works from the beginning', async () => {
    const chat = app.person('zalo');
    await chat.tap('ASK');
    await chat.tap('ASK_TOPIC:do-luong');
    await chat.say('Câu hỏi bỏ dở');
    const left = await chat.say('menu');
    expect(left.at(-1)!.text).toBe(t('vi', 'menu:left_flow'));
    expect(left.at(-1)!.quickReplies).toEqual(menuChoices('vi'));
    expect(await TicketModel.countDocuments({ contactKey: chat.contactKey })).toBe(0);

    // Something typed now is a new question for search, not the rest of the old one.
    const searched = await chat.say('cong bo hop quy');
    const [best] = createSearchIndex(content).search('cong bo hop quy', { language: 'vi' });
    expect(searched.at(-1)!.text).toContain(content.faqById.get(best!.id)?.answer.vi ?? content.topicById.get(best!.id as never)!.summary.vi);

    const again = await chat.tap('ASK');
    expect(again.at(-1)!.text).toBe(t('vi', 'intake:topic_prompt'));
    await chat.tap('ASK_TOPIC:do-luong');
    await chat.say('Câu hỏi mới hoàn chỉnh');
    await chat.tap('DONE');
    await chat.tap('SKIP');
    await chat.tap('CONSENT_NO');
    await chat.tap('SEND');
    expect((await ticketOf(chat)).question).toBe('Câu hỏi mới hoàn chỉnh');
  });

  it('when the person types "hủy" while asked for their name, then the flow stops and no personal data is kept', async () => {
    const chat = app.person('messenger');
    await chat.tap('ASK');
    await chat.tap('ASK_TOPIC:chuyen-doi-so');
    await chat.say('Hỏi về chữ ký số');
    await chat.tap('DONE');
    await chat.tap('SKIP');
    await chat.tap('CONSENT_YES');
    const left = await chat.say('Hủy');
    expect(textOf(left)).toContain(t('vi', 'menu:left_flow'));
    const contact = await ContactModel.findOne({ key: chat.contactKey }).lean();
    expect(contact!.profile?.name).toBeUndefined();
    expect(await TicketModel.countDocuments({ contactKey: chat.contactKey })).toBe(0);
  });
});
