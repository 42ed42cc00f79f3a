import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/index.js';
import { ContactModel } from '../../src/db/models/contact.js';
import { t } from '../../src/i18n.js';
import { payloadsOf, useFlowService } from './chat.js';

const app = useFlowService('flows_news');
const content = loadContent();

describe('news subscription by topic', () => {
  it('when a person subscribes for the first time, then the purpose is stated, their agreement recorded, and the topic listed', async () => {
    const topic = content.topicById.get('so-huu-tri-tue')!;
    const chat = app.person('zalo');
    const news = await chat.tap('NEWS');
    expect(news.at(-1)!.text).toContain(t('vi', 'subscriptions:none'));
    expect(payloadsOf(news)).toContain('SUB:so-huu-tri-tue');

    const ask = await chat.choose(news, 'SUB:so-huu-tri-tue');
    expect(ask.at(-1)!.text).toBe(t('vi', 'consent:news_subscription.text', { topic: topic.title.vi }));
    let contact = await ContactModel.findOne({ key: chat.contactKey }).lean();
    expect(contact!.subscriptions ?? []).toEqual([]);

    const done = await chat.choose(ask, 'SUB:so-huu-tri-tue:yes');
    expect(done.at(-1)!.text).toContain(t('vi', 'subscriptions:subscribed', { topic: topic.title.vi }));
    expect(payloadsOf(done)).toContain('UNSUB:so-huu-tri-tue');
    contact = await ContactModel.findOne({ key: chat.contactKey }).lean();
    expect(contact!.subscriptions).toEqual(['so-huu-tri-tue']);
    expect(contact!.consents.map((c) => [c.purpose, c.granted])).toEqual([['news_subscription', true]]);

    // A second topic needs no second agreement.
    const second = await chat.tap('SUB:do-luong');
    expect(second.at(-1)!.text).toContain(t('vi', 'subscriptions:subscribed', { topic: content.topicById.get('do-luong')!.title.vi }));
    expect((await ContactModel.findOne({ key: chat.contactKey }).lean())!.subscriptions).toEqual(['so-huu-tri-tue', 'do-luong']);
  });

  it('when a person unsubscribes in English, then the topic is removed and the list shows it off', async () => {
    const chat = app.person('messenger');
    await chat.tap('LANG:en');
    await chat.tap('SUB:chat-luong');
    await chat.tap('SUB:chat-luong:yes');
    const list = await chat.tap('NEWS');
    expect(list.at(-1)!.text).toContain(content.topicById.get('chat-luong')!.title.en);
    const off = await chat.choose(list, 'UNSUB:chat-luong');
    expect(off.at(-1)!.text).toContain(t('en', 'subscriptions:unsubscribed', { topic: content.topicById.get('chat-luong')!.title.en }));
    expect(off.at(-1)!.text).toContain(t('en', 'subscriptions:none'));
    expect((await ContactModel.findOne({ key: chat.contactKey }).lean())!.subscriptions).toEqual([]);
  });
});
