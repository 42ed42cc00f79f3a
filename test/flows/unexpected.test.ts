import { describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../src/channels/types.js';
import { TicketModel } from '../../src/db/models/ticket.js';
import { t } from '../../src/i18n.js';
import { payloadsOf, useFlowService } from './chat.js';

const app = useFlowService('flows_unexpected');

/** Every answer must leave a way back: the main menu, or the menu button. */
function expectWayBack(replies: OutboundMessage[]) {
  expect(replies.length).toBeGreaterThan(0);
  const payloads = payloadsOf(replies);
  expect(payloads.includes('MENU') || payloads.includes('TOPICS')).toBe(true);
}

describe('anything unexpected', () => {
  it('when a sticker arrives, then a friendly answer with the way back comes', async () => {
    const chat = app.person('zalo');
    await chat.say('menu');
    const replies = await chat.attach([{ type: 'sticker', url: 'https://zalo.example/sticker.png' }]);
    expect(replies.at(-1)!.text).toBe(t('vi', 'fallback:sticker'));
    expectWayBack(replies);
  });

  it('when an image arrives outside any flow, then the person learns how to attach it to a question', async () => {
    const chat = app.person('messenger');
    await chat.say('menu');
    const replies = await chat.attach([{ type: 'image', url: 'https://cdn.example.vn/anh.jpg' }]);
    expect(replies.at(-1)!.text).toBe(t('vi', 'fallback:attachment'));
    expect(payloadsOf(replies)).toEqual(['ASK', 'MENU']);
  });

  it('when only emoji are sent, then the bot answers with the menu', async () => {
    const chat = app.person('zalo');
    await chat.say('menu');
    const replies = await chat.say('👍😊🙏');
    expect(replies.at(-1)!.text).toBe(t('vi', 'fallback:symbols'));
    expectWayBack(replies);
  });

  it('when gibberish is sent, then the bot says it did not understand and offers a way on', async () => {
    const chat = app.person('zalo');
    await chat.say('menu');
    const replies = await chat.say('qwzxkj vbnmq');
    expect(replies.length).toBeGreaterThan(0);
    expectWayBack(replies);
    expect(payloadsOf(replies).some((p) => p === 'ASK' || p === 'TO_STAFF')).toBe(true);
  });

  it('when a 5,000-character message arrives, then the bot offers to pass it to staff and keeps all of it', async () => {
    const chat = app.person('messenger');
    await chat.say('menu');
    const long = `Kính gửi Sở, ${'nội dung rất dài về việc kiểm tra chất lượng hàng hóa tại chợ. '.repeat(90)}`.slice(0, 5_000);
    expect(long.length).toBe(5_000);
    const replies = await chat.say(long);
    expect(replies.at(-1)!.text).toBe(t('vi', 'search:long_message'));
    expectWayBack(replies);
    await chat.choose(replies, 'TO_STAFF');
    await chat.tap('ASK_TOPIC:chat-luong');
    await chat.tap('DONE');
    await chat.tap('SKIP');
    await chat.tap('CONSENT_NO');
    await chat.tap('SEND');
    const ticket = (await TicketModel.findOne({ contactKey: chat.contactKey }).lean())!;
    expect(ticket.question).toBe(long.trim());
  });

  it('when the first message ever is a question, then the person is greeted and still gets an answer', async () => {
    const chat = app.person('zalo');
    const replies = await chat.say('cong bo hop quy la gi');
    expect(replies[0]!.text).toBe(t('vi', 'menu:greeting'));
    expect(replies.length).toBeGreaterThan(1);
  });

  it('when an unknown button comes in (such as Messenger\'s "Get started"), then the greeting and menu are shown', async () => {
    const chat = app.person('messenger');
    const replies = await chat.tap('GET_STARTED', 'Bắt đầu');
    expect(replies.at(-1)!.text).toBe(t('vi', 'menu:prompt'));
  });

  it('when a contact form arrives with no flow waiting for it, then nothing is stored and the menu is shown', async () => {
    const chat = app.person('zalo');
    await chat.say('menu');
    const replies = await chat.submit({ name: 'Người Lạ', phone: '0900000000' });
    expect(replies.at(-1)!.text).toBe(t('vi', 'fallback:form_not_expected'));
  });
});
