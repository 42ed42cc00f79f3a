import { describe, expect, it } from 'vitest';
import { ChannelSendError } from '../../../src/channels/errors.js';
import { MORE_BUTTONS_TEXT, renderMessengerMessage, truncateTitle } from '../../../src/channels/messenger/render.js';
import type { SendMessage } from '../../../src/channels/messenger/wire.js';

const codePoints = (s: string) => [...s].length;
const textOf = (m: SendMessage | undefined) => (m && 'text' in m ? m.text : undefined);
const templateOf = (m: SendMessage | undefined) => (m && 'attachment' in m && m.attachment.type === 'template' ? m.attachment.payload : undefined);

describe('Messenger rendering: text', () => {
  it('when the text is short, then it is one text message', () => {
    expect(renderMessengerMessage({ text: 'Xin chào quý doanh nghiệp.' })).toEqual([{ text: 'Xin chào quý doanh nghiệp.' }]);
  });

  it('when the text is over 2,000 characters, then it is split below 2,000 at sentence ends, losing nothing', () => {
    const sentence = 'Luật Tiêu chuẩn và Quy chuẩn kỹ thuật quy định việc công bố hợp chuẩn, hợp quy đối với sản phẩm, hàng hóa. ';
    const text = sentence.repeat(45).trim();
    const parts = renderMessengerMessage({ text }).map(textOf);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(codePoints(part!)).toBeLessThan(2000);
      expect(part!.endsWith('hàng hóa.')).toBe(true);
    }
    expect(parts.join(' ')).toBe(text);
  });

  it('when quick replies come with a long text, then they are only on the last part', () => {
    const text = 'Câu một rất dài về đo lường. '.repeat(120).trim();
    const out = renderMessengerMessage({
      text,
      quickReplies: [
        { title: 'Có', payload: 'YES' },
        { title: 'Không', payload: 'NO' },
      ],
    });
    expect(out.length).toBeGreaterThan(1);
    expect(out.slice(0, -1).every((m) => m.quick_replies === undefined)).toBe(true);
    expect(out.at(-1)?.quick_replies).toEqual([
      { content_type: 'text', title: 'Có', payload: 'YES' },
      { content_type: 'text', title: 'Không', payload: 'NO' },
    ]);
  });

  it('when consent details are requested, then the title and subtitle are shown as text under the message', () => {
    const out = renderMessengerMessage({
      text: 'Để chuyển câu hỏi tới phòng chuyên môn, Sở cần liên hệ lại với anh/chị.',
      requestUserInfo: { title: 'Đồng ý cung cấp thông tin liên hệ', subtitle: 'Chỉ dùng để trả lời câu hỏi này' },
      quickReplies: [{ title: 'Đồng ý', payload: 'CONSENT_YES' }],
    });
    expect(out).toHaveLength(1);
    expect(textOf(out[0])).toBe(
      'Để chuyển câu hỏi tới phòng chuyên môn, Sở cần liên hệ lại với anh/chị.\n\nĐồng ý cung cấp thông tin liên hệ\nChỉ dùng để trả lời câu hỏi này',
    );
    expect(out[0]?.quick_replies).toHaveLength(1);
  });
});

describe('Messenger rendering: quick replies', () => {
  it('when there are more than 13 quick replies, then the first 13 are sent', () => {
    const quickReplies = Array.from({ length: 16 }, (_, i) => ({ title: `Chủ đề ${i + 1}`, payload: `TOPIC_${i + 1}` }));
    const out = renderMessengerMessage({ text: 'Chọn chủ đề', quickReplies });
    expect(out[0]?.quick_replies).toHaveLength(13);
    expect(out[0]?.quick_replies?.at(-1)).toEqual({ content_type: 'text', title: 'Chủ đề 13', payload: 'TOPIC_13' });
  });

  it('when a title with Vietnamese diacritics is over 20 characters, then it is cut to 20 with an ellipsis, diacritics intact', () => {
    // Decomposed input (e + combining marks) must not be cut between a letter and its marks.
    const decomposed = 'Tiêu chuẩn đo lường chất lượng'.normalize('NFD');
    const out = renderMessengerMessage({ text: 'Chọn', quickReplies: [{ title: decomposed, payload: 'Q' }] });
    const title = (out[0]?.quick_replies?.[0] as { title: string }).title;
    expect(title).toBe('Tiêu chuẩn đo lường…');
    expect(title.length).toBeLessThanOrEqual(20);
    expect(title.normalize('NFC')).toBe(title);
  });

  it('when a title has emoji, then it is never cut inside one', () => {
    const title = truncateTitle('Khởi nghiệp 🚀🚀🚀🚀🚀🚀🚀', 20);
    expect(title.length).toBeLessThanOrEqual(20);
    expect(title).toBe('Khởi nghiệp 🚀🚀🚀…');
    expect(truncateTitle('Sở hữu trí tuệ', 20)).toBe('Sở hữu trí tuệ');
  });

  it('when a payload is over 1,000 characters or empty, then a permanent error names the choice instead of cutting it', () => {
    const render = (payload: string) => () => renderMessengerMessage({ text: 'x', quickReplies: [{ title: 'Dài', payload }] });
    expect(render('P'.repeat(1001))).toThrow(ChannelSendError);
    expect(render('P'.repeat(1001))).toThrow(/Dài.*1 to 1000/);
    expect(render('')).toThrow(/payload/);
    expect(() => render('P'.repeat(1000))()).not.toThrow();
  });
});

describe('Messenger rendering: buttons and images', () => {
  it('when a message has up to 3 buttons, then it is one button template', () => {
    const out = renderMessengerMessage({
      text: 'Tra cứu thủ tục hành chính',
      buttons: [
        { type: 'postback', title: 'Hỏi cán bộ', payload: 'ASK' },
        { type: 'url', title: 'Cổng dịch vụ công', url: 'https://dichvucong.gov.vn' },
        { type: 'phone', title: 'Gọi Sở', phone: '+842543852112' },
      ],
    });
    expect(out).toEqual([
      {
        attachment: {
          type: 'template',
          payload: {
            template_type: 'button',
            text: 'Tra cứu thủ tục hành chính',
            buttons: [
              { type: 'postback', title: 'Hỏi cán bộ', payload: 'ASK' },
              { type: 'web_url', title: 'Cổng dịch vụ công', url: 'https://dichvucong.gov.vn' },
              { type: 'phone_number', title: 'Gọi Sở', payload: '+842543852112' },
            ],
          },
        },
      },
    ]);
  });

  it('when the text before buttons is over 640 characters, then the template text is at most 640 and the rest goes before it', () => {
    const text = 'Doanh nghiệp cần chuẩn bị hồ sơ công bố hợp quy theo quy định. '.repeat(20).trim();
    const out = renderMessengerMessage({ text, buttons: [{ type: 'postback', title: 'Tiếp', payload: 'NEXT' }] });
    const template = templateOf(out.at(-1));
    expect(template).toBeDefined();
    expect(codePoints(template!.text)).toBeLessThanOrEqual(640);
    expect(out.slice(0, -1).every((m) => textOf(m) !== undefined)).toBe(true);
    expect([...out.slice(0, -1).map(textOf), template!.text].join(' ')).toBe(text);
  });

  it('when there are more than 3 postback buttons, then they become quick replies with the same payloads', () => {
    const buttons = Array.from({ length: 5 }, (_, i) => ({ type: 'postback' as const, title: `Mục ${i + 1}`, payload: `ITEM_${i + 1}` }));
    const out = renderMessengerMessage({ text: 'Chọn mục', buttons });
    expect(out).toHaveLength(1);
    expect(textOf(out[0])).toBe('Chọn mục');
    expect(out[0]?.quick_replies?.map((q) => ('payload' in q ? q.payload : ''))).toEqual(['ITEM_1', 'ITEM_2', 'ITEM_3', 'ITEM_4', 'ITEM_5']);
  });

  it('when there are more than 3 buttons including a link, then they are spread over templates of 3', () => {
    const buttons = [
      { type: 'url' as const, title: 'Văn bản', url: 'https://vanban.gov.vn' },
      ...Array.from({ length: 4 }, (_, i) => ({ type: 'postback' as const, title: `Mục ${i + 1}`, payload: `ITEM_${i + 1}` })),
    ];
    const out = renderMessengerMessage({ text: 'Chọn', buttons });
    expect(out.map((m) => templateOf(m)?.buttons.length)).toEqual([3, 2]);
    expect(templateOf(out[0])?.text).toBe('Chọn');
    expect(templateOf(out[1])?.text).toBe(MORE_BUTTONS_TEXT);
  });

  it('when a message has an image, then the image comes first and the text with its choices last', () => {
    const out = renderMessengerMessage({
      text: 'Ngày hội khởi nghiệp 2026',
      imageUrl: 'https://cdn.example/poster.jpg',
      quickReplies: [{ title: 'Đăng ký', payload: 'REGISTER' }],
    });
    expect(out).toEqual([
      { attachment: { type: 'image', payload: { url: 'https://cdn.example/poster.jpg', is_reusable: true } } },
      { text: 'Ngày hội khởi nghiệp 2026', quick_replies: [{ content_type: 'text', title: 'Đăng ký', payload: 'REGISTER' }] },
    ]);
  });

  it('when there is nothing to send, then a permanent error says so', () => {
    expect(() => renderMessengerMessage({ text: '   ' })).toThrow(/Nothing to send/);
  });
});
