import { describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../../src/channels/types.js';
import { validateCsRequest } from '../../fakes/zalo/validate.js';
import { ZALO_TEXT_LIMIT, ZaloRenderer, resolveNumberedReply } from '../../../src/channels/zalo/render.js';

const USER = '2468458835296197922';

/** About 4,600 characters of sentences, the kind of answer a law explanation gives. */
const LONG_ANSWER = Array.from(
  { length: 40 },
  (_, i) => `Điều ${i + 1}. Tổ chức, cá nhân sản xuất hàng hóa phải công bố tiêu chuẩn áp dụng và ghi nhãn theo quy định của pháp luật.`,
).join(' ');

const CHOOSE_TOPIC: OutboundMessage = {
  text: 'Chọn lĩnh vực:',
  buttons: [
    { type: 'postback', title: 'Sở hữu trí tuệ', payload: 'topic:shtt' },
    { type: 'phone', title: 'Gọi tổng đài', phone: '0912 345 678' },
    { type: 'url', title: 'Dịch vụ công', url: 'https://dichvucong.gov.vn' },
  ],
  quickReplies: [{ title: 'Tiêu chuẩn, đo lường, chất lượng', payload: 'topic:tdc' }],
};

describe('Zalo rendering', () => {
  it('when a text is longer than 2,000 characters, then it is split on sentence boundaries and nothing is lost', () => {
    const { requests } = new ZaloRenderer().render(USER, { text: LONG_ANSWER });
    expect(requests.length).toBeGreaterThan(2);
    const texts = requests.map((r) => r.message.text ?? '');
    for (const text of texts) expect([...text].length).toBeLessThanOrEqual(ZALO_TEXT_LIMIT);
    for (const text of texts.slice(0, -1)) expect(text).toMatch(/\.$/);
    expect(texts.join(' ')).toBe(LONG_ANSWER);
    expect(requests.every((r) => r.recipient.user_id === USER)).toBe(true);
  });

  it('when a message has buttons and template mode is on, then one Zalo button template carries them all', () => {
    const { requests, choices } = new ZaloRenderer().render(USER, CHOOSE_TOPIC);
    expect(choices).toEqual([]);
    expect(requests).toEqual([
      {
        recipient: { user_id: USER },
        message: {
          text: 'Chọn lĩnh vực:',
          attachment: {
            type: 'template',
            payload: {
              buttons: [
                { title: 'Sở hữu trí tuệ', type: 'oa.query.hide', payload: '#topic:shtt' },
                { title: 'Gọi tổng đài', type: 'oa.open.phone', payload: { phone_code: '84912345678' } },
                { title: 'Dịch vụ công', type: 'oa.open.url', payload: { url: 'https://dichvucong.gov.vn' } },
                { title: 'Tiêu chuẩn, đo lường, chất lượng', type: 'oa.query.hide', payload: '#topic:tdc' },
              ],
            },
          },
        },
      },
    ]);
  });

  it('when numbered mode is on, then choices are numbered text and a bare number resolves to the payload', () => {
    const renderer = new ZaloRenderer({ buttons: 'numbered', numberedHint: 'Nhắn số thứ tự để chọn.' });
    const { requests, choices } = renderer.render(USER, CHOOSE_TOPIC);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.message).toEqual({
      text: 'Chọn lĩnh vực:\n\n1. Sở hữu trí tuệ\n2. Tiêu chuẩn, đo lường, chất lượng\n\nNhắn số thứ tự để chọn.\n\nGọi tổng đài: 0912 345 678\nDịch vụ công: https://dichvucong.gov.vn',
    });
    expect(choices).toEqual([
      { number: 1, title: 'Sở hữu trí tuệ', payload: 'topic:shtt' },
      { number: 2, title: 'Tiêu chuẩn, đo lường, chất lượng', payload: 'topic:tdc' },
    ]);
    expect(renderer.resolveReply('2', CHOOSE_TOPIC)).toBe('topic:tdc');
    expect(renderer.resolveReply(' 1. ', CHOOSE_TOPIC)).toBe('topic:shtt');
    expect(renderer.resolveReply('sở hữu trí tuệ', CHOOSE_TOPIC)).toBe('topic:shtt');
    expect(renderer.resolveReply('3', CHOOSE_TOPIC)).toBeUndefined();
    expect(renderer.resolveReply('Tôi muốn hỏi về nhãn hiệu', CHOOSE_TOPIC)).toBeUndefined();
  });

  it('when buttons were shown as a template, then a bare number is ordinary text', () => {
    expect(new ZaloRenderer().resolveReply('1', CHOOSE_TOPIC)).toBeUndefined();
    expect(resolveNumberedReply('1', CHOOSE_TOPIC)).toBe('topic:shtt');
  });

  it('when there are more choices than Zalo buttons allow, then template mode falls back to numbered text', () => {
    const many: OutboundMessage = {
      text: 'Chọn thủ tục:',
      quickReplies: Array.from({ length: 6 }, (_, i) => ({ title: `Thủ tục ${i + 1}`, payload: `tt:${i + 1}` })),
    };
    const renderer = new ZaloRenderer();
    const { requests, choices } = renderer.render(USER, many);
    expect(requests[0]!.message.attachment).toBeUndefined();
    expect(requests[0]!.message.text).toContain('6. Thủ tục 6');
    expect(choices).toHaveLength(6);
    expect(renderer.resolveReply('6', many)).toBe('tt:6');
  });

  it('when a message has an image, then a media template carries it with the text', () => {
    const { requests } = new ZaloRenderer().render(USER, { text: 'Mẫu đơn', imageUrl: 'https://skhcn.hungyen.gov.vn/mau-don.jpg' });
    expect(requests).toEqual([
      {
        recipient: { user_id: USER },
        message: {
          text: 'Mẫu đơn',
          attachment: {
            type: 'template',
            payload: { template_type: 'media', elements: [{ media_type: 'image', url: 'https://skhcn.hungyen.gov.vn/mau-don.jpg' }] },
          },
        },
      },
    ]);
  });

  it('when a message asks for contact details, then the text goes first and a request_user_info form follows', () => {
    const { requests } = new ZaloRenderer().render(USER, {
      text: 'Để cán bộ liên hệ lại, vui lòng chia sẻ thông tin.',
      requestUserInfo: { title: 'Sở KH&CN', subtitle: 'Vui lòng chia sẻ thông tin liên hệ', imageUrl: 'https://skhcn.hungyen.gov.vn/logo.png' },
    });
    expect(requests.map((r) => r.message)).toEqual([
      { text: 'Để cán bộ liên hệ lại, vui lòng chia sẻ thông tin.' },
      {
        attachment: {
          type: 'template',
          payload: {
            template_type: 'request_user_info',
            elements: [{ title: 'Sở KH&CN', subtitle: 'Vui lòng chia sẻ thông tin liên hệ', image_url: 'https://skhcn.hungyen.gov.vn/logo.png' }],
          },
        },
      },
    ]);
  });

  it("when any message is rendered, then every body passes the fake server's checks of the Zalo format", () => {
    const renderer = new ZaloRenderer();
    const messages: OutboundMessage[] = [
      { text: LONG_ANSWER, buttons: CHOOSE_TOPIC.buttons, imageUrl: 'https://a.vn/x.png' },
      CHOOSE_TOPIC,
      { text: '', imageUrl: 'https://a.vn/x.png' },
      { text: '', requestUserInfo: { title: 'Sở KH&CN', subtitle: 'Chia sẻ thông tin' } },
    ];
    for (const message of messages) {
      for (const request of renderer.render(USER, message).requests) expect(validateCsRequest(request)).toBeUndefined();
    }
  });
});
