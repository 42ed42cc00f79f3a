import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/index.js';
import { t } from '../../src/i18n.js';
import { menuChoices } from '../../flows/menu.js';
import { topicShortTitle } from '../../flows/topics.js';

const DIR = 'content/i18n';

/** Every key path of a phrase file; plural forms (`_one`, `_other`) count as one key. */
function keysOf(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keysOf(v, prefix ? `${prefix}.${k.replace(/_(one|other)$/, '')}` : k.replace(/_(one|other)$/, '')));
}

function read(language: string, file: string): unknown {
  return JSON.parse(readFileSync(join(DIR, language, file), 'utf8'));
}

describe('bot phrases', () => {
  it('when a phrase exists in Vietnamese, then it exists in English too, and the other way round', () => {
    const files = readdirSync(join(DIR, 'vi')).filter((f) => f.endsWith('.json'));
    expect(
      readdirSync(join(DIR, 'en'))
        .filter((f) => f.endsWith('.json'))
        .sort(),
    ).toEqual(files.sort());
    for (const file of files) {
      const vi = new Set(keysOf(read('vi', file)));
      const en = new Set(keysOf(read('en', file)));
      expect(
        [...vi].filter((k) => !en.has(k)),
        `${file}: only in vi`,
      ).toEqual([]);
      expect(
        [...en].filter((k) => !vi.has(k)),
        `${file}: only in en`,
      ).toEqual([]);
    }
  });

  it("when choices are shown, then their titles fit Messenger's 20 characters in both languages", () => {
    const content = loadContent();
    for (const language of ['vi', 'en'] as const) {
      const titles = [
        ...menuChoices(language).map((c) => c.title),
        ...content.topics.map((topic) => topicShortTitle(topic, language)),
        ...content.topics.map((topic) => t(language, 'subscriptions:on_choice', { topic: topicShortTitle(topic, language) })),
        ...[
          'consent:yes_button',
          'consent:no_button',
          'consent:no_share_button',
          'consent:use_saved_button',
          'consent:other_details_button',
          'consent:type_button',
          'intake:send_button',
          'intake:edit_text_button',
          'intake:edit_topic_button',
          'intake:edit_contact_button',
          'intake:suggested_button',
          'intake:topic_unknown_button',
          'search:to_staff_button',
          'search:open_topic',
          'search:ask_staff_topic',
          'track:other_button',
          'track:by_code_button',
          'events:register_button',
          'events:cancel_button',
          'events:all_button',
          'events:mine_button',
          'complaints:schedule_button',
          'complaints:file.complaint',
          'complaints:file.denunciation',
          'complaints:file.petition',
          'mydata:withdraw_button',
          'mydata:erase_button',
          'mydata:erase_yes_button',
          'mydata:erase_no_button',
          'subscriptions:agree_button',
          'common:menu_button',
          'shared:done_button',
          'shared:skip_button',
          'shared:continue_button',
          'shared:cancel_button',
          'topics:nav.points',
          'topics:nav.documents',
          'topics:nav.more',
          'topics:nav.ask',
          'topics:nav.complain',
          'topics:nav.subscribe',
          'topics:nav.all_topics',
          'mydata:purpose_short.ticket_contact',
          'mydata:purpose_short.event_registration',
          'mydata:purpose_short.news_subscription',
        ].map((key) => t(language, key)),
      ];
      for (const title of titles) expect([...title].length, `"${title}" (${language})`).toBeLessThanOrEqual(20);
    }
  });

  it('when Vietnamese phrases are written, then they carry their diacritics', () => {
    // A Vietnamese phrase file without a single tone mark would mean it was typed without diacritics.
    for (const file of readdirSync(join(DIR, 'vi')).filter((f) => f.endsWith('.json'))) {
      expect(readFileSync(join(DIR, 'vi', file), 'utf8'), file).toMatch(/[àáảãạăắằẳẵặâấầẩẫậèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵđ]/);
    }
  });
});
