import { describe, expect, it } from 'vitest';
import { ContactModel } from '../../src/db/models/contact.js';
import { t } from '../../src/i18n.js';
import { menuChoices } from '../../flows/menu.js';
import { useFlowService } from './chat.js';

const app = useFlowService('flows_language');

describe('language', () => {
  it('when a person types "English", then the very next reply is in English and the choice is remembered', async () => {
    const chat = app.person('zalo');
    await chat.say('xin chào');
    const switched = await chat.say('English');
    expect(switched.at(-1)!.text).toBe(t('en', 'language:switched'));
    expect(switched.at(-1)!.quickReplies).toEqual(menuChoices('en'));
    expect((await ContactModel.findOne({ key: chat.contactKey }).lean())!.language).toBe('en');
    const later = await chat.tap('TRACK');
    expect(later[0]!.text).toBe(t('en', 'track:none_open'));
    // The track flow now waits for a code: switching keeps it and asks again, in Vietnamese.
    const back = await chat.say('Tiếng Việt');
    expect(back[0]!.text).toBe(t('vi', 'language:switched_in_flow'));
    expect(back.at(-1)!.text).toBe(t('vi', 'track:ask_code'));
    expect((await ContactModel.findOne({ key: chat.contactKey }).lean())!.language).toBe('vi');
  });

  it('when the language menu item is used, then both languages are offered and picking one switches', async () => {
    const chat = app.person('messenger');
    const offer = await chat.tap('LANG');
    expect(offer.at(-1)!.text).toBe(t('vi', 'language:choose'));
    const switched = await chat.choose(offer, 'LANG:en');
    expect(switched.at(-1)!.text).toBe(t('en', 'language:switched'));
  });

  it('when the language is switched in the middle of a flow, then the flow asks its question again in the new language and goes on', async () => {
    const chat = app.person('zalo');
    await chat.tap('ASK');
    await chat.tap('ASK_TOPIC:do-luong');
    const switched = await chat.tap('LANG:en');
    expect(switched[0]!.text).toBe(t('en', 'language:switched_in_flow'));
    expect(switched.at(-1)!.text).toBe(t('en', 'intake:question.text_prompt'));
    expect((await chat.say('Where can I get my scale verified?')).at(-1)!.text).toBe(t('en', 'intake:text_received'));
  });
});
