import { describe, expect, it } from 'vitest';
import { t } from '../../src/i18n.js';
import { menuChoices } from '../../flows/menu.js';
import { payloadsOf, textOf, useFlowService } from './chat.js';

const app = useFlowService('flows_menu');

describe('greeting and main menu', () => {
  it('when a person follows the account, then they are greeted and shown the main menu', async () => {
    const chat = app.person('zalo');
    const replies = await chat.follow();
    expect(textOf(replies)).toContain(t('vi', 'menu:greeting'));
    expect(replies.at(-1)!.quickReplies).toEqual(menuChoices('vi'));
  });

  it('when a person writes "xin chào" first, then the greeting and the eight menu items come back', async () => {
    const chat = app.person('messenger');
    const replies = await chat.say('Xin chào!');
    expect(textOf(replies)).toContain(t('vi', 'menu:greeting'));
    expect(payloadsOf(replies)).toEqual(['TOPICS', 'ASK', 'TRACK', 'COMPLAINTS', 'EVENTS', 'NEWS', 'LANG', 'MY_DATA']);
    for (const choice of replies.at(-1)!.quickReplies!) expect([...choice.title].length).toBeLessThanOrEqual(20);
  });

  it('when a person types "menu", "bat dau" or taps MENU, then the menu is shown each time', async () => {
    const chat = app.person('zalo');
    await chat.say('hi');
    for (const replies of [await chat.say('menu'), await chat.say('bat dau'), await chat.tap('MENU', t('vi', 'common:menu_button'))]) {
      expect(replies.at(-1)!.text).toBe(t('vi', 'menu:prompt'));
      expect(replies.at(-1)!.quickReplies).toEqual(menuChoices('vi'));
    }
  });

  it('when the menu offers choices as a numbered list, then typing a number picks that item', async () => {
    const chat = app.person('zalo');
    await chat.say('menu');
    const replies = await chat.say('1');
    expect(replies.at(-1)!.text).toContain(t('vi', 'topics:list_intro'));
  });
});
