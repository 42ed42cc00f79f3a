import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/index.js';
import { t } from '../../src/i18n.js';
import { citeDocument } from '../../flows/shared/format.js';
import { payloadsOf, textOf, useFlowService } from './chat.js';

const app = useFlowService('flows_topics');
const content = loadContent();

describe('topic browsing', () => {
  it('when a person browses a topic in Vietnamese, then they see its summary, key points, documents with number and issuer, a deeper section and a way back', async () => {
    const topic = content.topicById.get('do-luong')!;
    const chat = app.person('zalo');
    const list = await chat.tap('TOPICS');
    expect(list.at(-1)!.text).toContain(t('vi', 'topics:list_intro'));
    for (const each of content.topics) expect(list.at(-1)!.text).toContain(each.title.vi);
    expect(payloadsOf(list)).toContain('TOPIC:do-luong');
    expect(payloadsOf(list).at(-1)).toBe('MENU');

    const front = await chat.choose(list, 'TOPIC:do-luong');
    expect(front.at(-1)!.text).toContain(topic.title.vi);
    expect(front.at(-1)!.text).toContain(topic.summary.vi);
    expect(payloadsOf(front)).toEqual(
      expect.arrayContaining(['TOPIC_POINTS:do-luong', 'TOPIC_DOCS:do-luong', 'TOPIC_MORE:do-luong', 'ASK:do-luong', 'TOPICS', 'MENU']),
    );

    const points = await chat.choose(front, 'TOPIC_POINTS:do-luong');
    for (const point of topic.keyPoints) expect(points.at(-1)!.text).toContain(point.vi);

    const documents = await chat.choose(points, 'TOPIC_DOCS:do-luong');
    for (const id of topic.documents) {
      const document = content.documentById.get(id)!;
      expect(documents.at(-1)!.text).toContain(document.number);
      expect(documents.at(-1)!.text).toContain(citeDocument(document, 'vi'));
    }

    const more = await chat.choose(documents, 'TOPIC_MORE:do-luong');
    const section = topic.learnMore[0]!;
    const opened = await chat.choose(more, `TOPIC_MORE:do-luong:${section.id}`);
    expect(opened.at(-1)!.text).toContain(section.body.vi);

    const back = await chat.choose(opened, 'TOPICS');
    expect(back.at(-1)!.text).toContain(t('vi', 'topics:list_intro'));
    const menu = await chat.choose(back, 'MENU');
    expect(menu.at(-1)!.text).toBe(t('vi', 'menu:prompt'));
  });

  it('when a person browses in English, then the same topic comes in English', async () => {
    const topic = content.topicById.get('so-huu-tri-tue')!;
    const chat = app.person('messenger');
    await chat.tap('LANG:en');
    const front = await chat.tap('TOPIC:so-huu-tri-tue');
    expect(front.at(-1)!.text).toContain(topic.summary.en);
    expect(front.at(-1)!.quickReplies!.map((q) => q.title)).toContain(t('en', 'topics:nav.points'));
    const points = await chat.choose(front, 'TOPIC_POINTS:so-huu-tri-tue');
    expect(points.at(-1)!.text).toContain(topic.keyPoints[0]!.en);
  });

  it('when an old button names a topic that no longer exists, then the person is told and gets the topic list', async () => {
    const chat = app.person('zalo');
    const replies = await chat.tap('TOPIC:khong-con');
    expect(textOf(replies)).toContain(t('vi', 'topics:unknown'));
    expect(replies.at(-1)!.text).toContain(t('vi', 'topics:list_intro'));
  });
});
