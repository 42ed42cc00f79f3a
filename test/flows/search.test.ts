import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/index.js';
import { t } from '../../src/i18n.js';
import { createSearchIndex } from '../../src/search/index.js';
import { citeDocument, formatIsoDate } from '../../flows/shared/format.js';
import { payloadsOf, useFlowService } from './chat.js';

const app = useFlowService('flows_search');
const content = loadContent();
const index = createSearchIndex(content);

describe('free-text questions', () => {
  it('when a question is typed without diacritics, then the matching FAQ answer comes with its source and review date', async () => {
    const query = 'can ban hang o cho co phai kiem dinh khong';
    const [best] = index.search(query, { language: 'vi' });
    expect(best?.confidence).toBe('strong');
    const entry = content.faqById.get(best!.id)!;
    expect(entry.id).toBe('do-luong-02');

    const chat = app.person('zalo');
    const replies = await chat.say(query);
    const text = replies.at(-1)!.text;
    expect(text).toContain(entry.answer.vi);
    const cited = content.documentById.get(entry.sources[0]!.document)!;
    expect(text).toContain(citeDocument(cited, 'vi', entry.sources[0]!.article));
    expect(text).toContain(cited.number);
    expect(text).toContain(formatIsoDate(entry.reviewedAt, 'vi'));
    expect(payloadsOf(replies)).toEqual(expect.arrayContaining(['TO_STAFF', 'MENU']));
  });

  it('when a question is asked in English, then the English answer and citation come back', async () => {
    const query = 'how do I register a trademark';
    const [best] = index.search(query, { language: 'en' });
    expect(best?.confidence).toBe('strong');
    const chat = app.person('messenger');
    await chat.tap('LANG:en');
    const replies = await chat.say(query);
    const text = replies.at(-1)!.text;
    if (best!.kind === 'faq') {
      const entry = content.faqById.get(best!.id)!;
      expect(text).toContain(entry.answer.en);
      expect(text).toContain(t('en', 'search:sources'));
    } else {
      expect(text).toContain(content.topicById.get(best!.id as never)!.summary.en);
    }
  });

  it('when nothing fits well, then the person is told so and can send the question to staff with their words kept', async () => {
    const query = 'tôi muốn hỏi về lịch thi đấu bóng đá của đội tuyển tỉnh năm nay';
    const hits = index.search(query, { language: 'vi' });
    expect(hits[0]?.confidence ?? 'weak').toBe('weak');

    const chat = app.person('zalo');
    const replies = await chat.say(query);
    expect(replies.at(-1)!.text).toContain(t('vi', 'search:no_good_match'));
    expect(replies.at(-1)!.text).toContain(t('vi', 'search:offer_staff'));
    const ask = await chat.choose(replies, 'TO_STAFF');
    const suggested = hits[0] && hits[0].topic !== 'khieu-nai-to-cao' ? content.topicById.get(hits[0].topic) : undefined;
    expect(ask.at(-1)!.text).toBe(suggested ? t('vi', 'intake:topic_suggested', { topic: suggested.title.vi }) : t('vi', 'intake:topic_prompt'));
    const text = await chat.tap('ASK_TOPIC:none');
    expect(text.at(-1)!.text).toContain(query);
  });

  it('when the person writes something new instead of tapping "send to staff", then it is searched afresh', async () => {
    const chat = app.person('zalo');
    await chat.say('tôi muốn hỏi về lịch thi đấu bóng đá của đội tuyển tỉnh năm nay');
    const replies = await chat.say('dang ky nhan hieu o dau');
    const [best] = index.search('dang ky nhan hieu o dau', { language: 'vi' });
    const entry = content.faqById.get(best!.id);
    expect(replies.at(-1)!.text).toContain(entry ? entry.answer.vi : content.topicById.get(best!.id as never)!.summary.vi);
  });

  it('when a FAQ button is tapped, then that entry is shown with a way to ask staff about its topic', async () => {
    const entry = content.faq[0]!;
    const chat = app.person('messenger');
    const replies = await chat.tap(`FAQ:${entry.id}`);
    expect(replies.at(-1)!.text).toContain(entry.answer.vi);
    expect(payloadsOf(replies)).toEqual(expect.arrayContaining([`ASK:${entry.topic}`, 'MENU']));
  });
});
