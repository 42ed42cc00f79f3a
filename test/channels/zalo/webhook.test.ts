import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { WebhookRequest } from '../../../src/channels/types.js';
import {
  FAKE_ZALO_APP_ID,
  FAKE_ZALO_OA_SECRET_KEY,
  signZaloBody,
  signedZaloRequest,
  zaloFileEvent,
  zaloFollowEvent,
  zaloImageEvent,
  zaloLinkEvent,
  zaloLocationEvent,
  zaloMediaEvent,
  zaloOaSendTextEvent,
  zaloReceiptEvent,
  zaloStickerEvent,
  zaloSubmitInfoEvent,
  zaloTextEvent,
} from '../../fakes/zalo/server.js';
import { ZaloRenderer } from '../../../src/channels/zalo/render.js';
import { createZaloWebhook } from '../../../src/channels/zalo/webhook.js';
import type { ZaloWebhookEvent } from '../../../src/channels/zalo/wire.js';

const webhook = createZaloWebhook({ appId: FAKE_ZALO_APP_ID, oaSecretKey: FAKE_ZALO_OA_SECRET_KEY });
const USER = '2468458835296197922';
const TS = '1751100041636';

function signed(event: ZaloWebhookEvent): WebhookRequest {
  const { rawBody, headers } = signedZaloRequest(event);
  return { rawBody, headers, query: {} };
}

function raw(body: string, signature?: string): WebhookRequest {
  return { rawBody: Buffer.from(body, 'utf8'), headers: signature === undefined ? {} : { 'x-zevent-signature': signature }, query: {} };
}

describe('Zalo webhook signature', () => {
  const event = zaloTextEvent({ userId: USER, timestamp: TS, msgId: '9f3c2a71be04d5e86a1b', text: 'Thủ tục đăng ký nhãn hiệu thế nào?' });
  const body = JSON.stringify(event);
  const concatenation = `${FAKE_ZALO_APP_ID}${body}${TS}${FAKE_ZALO_OA_SECRET_KEY}`;

  it('when the signature is missing, then 401 and no event', () => {
    const outcome = webhook.handlePost(raw(body));
    expect(outcome).toMatchObject({ status: 401, events: [] });
    expect(outcome.note).toMatch(/without X-ZEvent-Signature/);
  });

  it('when the signature was made with another key, then 401', () => {
    const outcome = webhook.handlePost(raw(body, signZaloBody(body, FAKE_ZALO_APP_ID, TS, 'some-other-key')));
    expect(outcome).toMatchObject({ status: 401, events: [] });
    expect(outcome.note).toMatch(/ZALO_OA_SECRET_KEY/);
  });

  it('when the signature is a SHA-1 of the same text, then 401', () => {
    const sha1 = createHash('sha1').update(concatenation).digest('hex');
    expect(webhook.handlePost(raw(body, `mac=${sha1}`)).status).toBe(401);
    expect(webhook.handlePost(raw(body, `sha1=${sha1}`)).status).toBe(401);
  });

  it('when the signature is an HMAC instead of the plain hash, then 401', () => {
    const hmac = createHmac('sha256', FAKE_ZALO_OA_SECRET_KEY).update(`${FAKE_ZALO_APP_ID}${body}${TS}`).digest('hex');
    expect(webhook.handlePost(raw(body, `mac=${hmac}`)).status).toBe(401);
  });

  it('when the body was changed after signing, then 401', () => {
    const signature = signZaloBody(body, FAKE_ZALO_APP_ID, TS, FAKE_ZALO_OA_SECRET_KEY);
    expect(webhook.handlePost(raw(body.replace('nhãn hiệu', 'sáng chế'), signature)).status).toBe(401);
    // Same JSON, different bytes: the hash covers the exact bytes received.
    expect(webhook.handlePost(raw(JSON.stringify(event, null, 2), signature)).status).toBe(401);
  });

  it('when the signature matches the exact bytes, then the event is accepted', () => {
    const outcome = webhook.handlePost(raw(body, `mac=${createHash('sha256').update(concatenation).digest('hex')}`));
    expect(outcome.status).toBe(200);
    expect(outcome.events).toHaveLength(1);
  });

  it('when a correctly signed event names another app, then 401', () => {
    const other = zaloTextEvent({ userId: USER, appId: '1111111111111111111', text: 'xin chào' });
    const outcome = webhook.handlePost(signed(other));
    expect(outcome.status).toBe(401);
    expect(outcome.note).toMatch(/ZALO_APP_ID/);
  });
});

describe('Zalo webhook probe and bad bodies', () => {
  it('when the console sends the unsigned probe {}, then 200 with no event', () => {
    expect(webhook.handlePost(raw('{}'))).toMatchObject({ status: 200, events: [] });
    expect(webhook.handlePost(raw(''))).toMatchObject({ status: 200, events: [] });
  });

  it('when the body is not JSON, then 400', () => {
    expect(webhook.handlePost(raw('{"event_name": "user_send_text",', 'mac=00'))).toMatchObject({ status: 400, events: [] });
    expect(webhook.handlePost(raw('[1,2]', 'mac=00')).status).toBe(400);
  });

  it('when a signed event has fields of the wrong type, then 400 instead of a crash', () => {
    const badSender = { ...zaloTextEvent({ userId: USER, text: 'a' }), sender: { id: { nested: true } } } as unknown as ZaloWebhookEvent;
    const badText = { ...zaloTextEvent({ userId: USER, text: 'a' }), message: { msg_id: 'x1', text: 42 } } as unknown as ZaloWebhookEvent;
    const badAttachments = {
      ...zaloImageEvent({ userId: USER, url: 'https://a/b.jpg' }),
      message: { msg_id: 'x2', attachments: 'none' },
    } as unknown as ZaloWebhookEvent;
    const badLocation = zaloLocationEvent({ userId: USER, latitude: 'bắc', longitude: '106.05' });
    const noInfo = {
      ...zaloSubmitInfoEvent({ userId: USER, info: { name: 'A', phone: '84', address: '', ward: '', district: '', city: '' } }),
      info: 'x',
    } as unknown as ZaloWebhookEvent;
    for (const event of [badSender, badText, badAttachments, badLocation, noInfo]) {
      const outcome = webhook.handlePost(signed(event));
      expect(outcome.status, JSON.stringify(event)).toBe(400);
      expect(outcome.events).toEqual([]);
    }
  });

  it('when a signed event has fields of the wrong type, then the logged note names each wrong field', () => {
    const event = { ...zaloTextEvent({ userId: USER, text: 'a' }), sender: {}, message: { msg_id: 'x1', text: 42 } } as unknown as ZaloWebhookEvent;
    const outcome = webhook.handlePost(signed(event));
    expect(outcome).toMatchObject({ status: 400, body: 'malformed event' });
    expect(outcome.note).toBe('sender.id must be a string; message.text must be a string');
  });

  it('when ids arrive as unquoted big integers, then they are kept exactly as strings', () => {
    const body = `{"app_id":"${FAKE_ZALO_APP_ID}","event_name":"user_send_text","timestamp":"${TS}","sender":{"id":${USER}},"recipient":{"id":3886132808798806452},"message":{"msg_id":"m1","text":"Chào Sở"}}`;
    const outcome = webhook.handlePost(raw(body, signZaloBody(body, FAKE_ZALO_APP_ID, TS, FAKE_ZALO_OA_SECRET_KEY)));
    expect(outcome.status).toBe(200);
    expect(outcome.events[0]?.userId).toBe(USER);
  });
});

describe('Zalo webhook events', () => {
  it('when a person sends text, then one message event keyed by msg_id with the Vietnamese text intact', () => {
    const outcome = webhook.handlePost(
      signed(zaloTextEvent({ userId: USER, timestamp: TS, msgId: '9f3c2a71be04d5e86a1b', text: 'Thủ tục đăng ký nhãn hiệu thế nào?' })),
    );
    expect(outcome.status).toBe(200);
    expect(outcome.events).toEqual([
      expect.objectContaining({
        channel: 'zalo',
        eventId: '9f3c2a71be04d5e86a1b',
        userId: USER,
        timestamp: 1751100041636,
        type: 'message',
        text: 'Thủ tục đăng ký nhãn hiệu thế nào?',
      }),
    ]);
    expect(outcome.events[0]?.payload).toBeUndefined();
    expect(outcome.events[0]?.raw).toMatchObject({ event_name: 'user_send_text' });
  });

  it('when a person taps a query button we rendered, then the event carries the payload we sent', () => {
    const [request] = new ZaloRenderer().render(USER, { text: 'Chọn lĩnh vực:', quickReplies: [{ title: 'Sở hữu trí tuệ', payload: 'topic:shtt' }] }).requests;
    const attachment = request!.message.attachment!.payload;
    const tapText = 'buttons' in attachment && attachment.buttons[0]!.type === 'oa.query.hide' ? attachment.buttons[0]!.payload : '';
    const outcome = webhook.handlePost(signed(zaloTextEvent({ userId: USER, text: tapText })));
    expect(outcome.events[0]).toMatchObject({ type: 'postback', payload: 'topic:shtt' });
  });

  it('when a person sends an image, a link, a sticker, a location or a file, then each becomes a message with its attachment', () => {
    const cases: [ZaloWebhookEvent, object][] = [
      [
        zaloImageEvent({ userId: USER, text: 'ảnh hồ sơ', url: 'https://photo.zdn.vn/a.jpg' }),
        { text: 'ảnh hồ sơ', attachments: [{ type: 'image', url: 'https://photo.zdn.vn/a.jpg' }] },
      ],
      [
        zaloLinkEvent({ userId: USER, text: 'xem giúp', url: 'https://dichvucong.gov.vn/p/home' }),
        { text: 'xem giúp', attachments: [{ type: 'link', url: 'https://dichvucong.gov.vn/p/home' }] },
      ],
      [
        zaloStickerEvent({ userId: USER, stickerId: '8f1c2d', url: 'https://zalo-api.zadn.vn/sticker.png' }),
        { attachments: [{ type: 'sticker', url: 'https://zalo-api.zadn.vn/sticker.png' }] },
      ],
      [
        zaloLocationEvent({ userId: USER, text: 'UBND tỉnh', latitude: '20.65', longitude: '106.05' }),
        { text: 'UBND tỉnh', attachments: [{ type: 'location', latitude: 20.65, longitude: 106.05 }] },
      ],
      [
        zaloFileEvent({ userId: USER, url: 'https://f.zdn.vn/don.pdf', name: 'Đơn đề nghị.pdf' }),
        { attachments: [{ type: 'file', url: 'https://f.zdn.vn/don.pdf', name: 'Đơn đề nghị.pdf' }] },
      ],
      [zaloMediaEvent('audio', { userId: USER, url: 'https://v.zdn.vn/a.aac' }), { attachments: [{ type: 'audio', url: 'https://v.zdn.vn/a.aac' }] }],
      [zaloMediaEvent('video', { userId: USER, url: 'https://v.zdn.vn/v.mp4' }), { attachments: [{ type: 'video', url: 'https://v.zdn.vn/v.mp4' }] }],
      [zaloMediaEvent('gif', { userId: USER, url: 'https://v.zdn.vn/g.gif' }), { attachments: [{ type: 'gif', url: 'https://v.zdn.vn/g.gif' }] }],
    ];
    for (const [event, expected] of cases) {
      const outcome = webhook.handlePost(signed(event));
      expect(outcome.status, event.event_name).toBe(200);
      expect(outcome.events, event.event_name).toEqual([
        expect.objectContaining({ type: 'message', userId: USER, eventId: event.message!.msg_id, ...expected }),
      ]);
    }
  });

  it('when a person follows and unfollows, then follow and unfollow events with a stable id', () => {
    const follow = zaloFollowEvent({ userId: USER, timestamp: TS });
    const first = webhook.handlePost(signed(follow));
    const again = webhook.handlePost(signed(follow));
    expect(first.events[0]).toMatchObject({ type: 'follow', userId: USER, timestamp: 1751100041636 });
    expect(again.events[0]?.eventId).toBe(first.events[0]?.eventId);
    const unfollow = webhook.handlePost(signed(zaloFollowEvent({ userId: USER, timestamp: TS, unfollow: true })));
    expect(unfollow.events[0]).toMatchObject({ type: 'unfollow', userId: USER });
    expect(unfollow.events[0]?.eventId).not.toBe(first.events[0]?.eventId);
  });

  it('when a person submits contact details in either shape, then the details arrive with a dialable phone', () => {
    const info = { name: 'Nguyễn Văn An', phone: '84912345678', address: '12 Lê Lợi', ward: 'Phường Lam Sơn', district: 'TP Hưng Yên', city: 'Hưng Yên' };
    for (const shape of ['classic', 'full'] as const) {
      const outcome = webhook.handlePost(signed(zaloSubmitInfoEvent({ userId: USER, timestamp: '1751100099000', info, shape })));
      expect(outcome.events, shape).toEqual([
        expect.objectContaining({
          type: 'submit_info',
          userId: USER,
          eventId: `user_submit_info:${USER}:1751100099000`,
          submittedInfo: { name: 'Nguyễn Văn An', phone: '0912345678', address: '12 Lê Lợi, Phường Lam Sơn, TP Hưng Yên', city: 'Hưng Yên' },
        }),
      ]);
    }
  });

  it('when Zalo reports delivery, seen, an OA send or an unknown event, then 200 and nothing to process', () => {
    const events = [
      zaloReceiptEvent('received', { userId: USER, messageIds: ['63ecf43f0df7dba892e6'] }),
      zaloReceiptEvent('seen', { userId: USER, messageIds: ['63ecf43f0df7dba892e6'] }),
      zaloOaSendTextEvent({ userId: USER, text: 'Cán bộ trả lời', adminId: '77' }),
      { ...zaloTextEvent({ userId: USER, text: 'x' }), event_name: 'user_send_business_card' },
    ];
    for (const event of events) {
      const outcome = webhook.handlePost(signed(event));
      expect(outcome, event.event_name).toMatchObject({ status: 200, events: [] });
      expect(outcome.note).toMatch(/ignored/);
    }
  });
});
