import { describe, expect, it } from 'vitest';
import { createMessengerWebhook } from '../../../src/channels/messenger/webhook.js';
import {
  buildAttachmentItem,
  buildDeliveryItem,
  buildEchoItem,
  buildPostbackItem,
  buildQuickReplyItem,
  buildReadItem,
  buildSignedRequest,
  buildTextItem,
  buildWebhookBody,
  signMessengerBody,
} from '../../fakes/messenger/server.js';

const appSecret = 'test-app-secret-4f1c';
const verifyToken = 'verify-me-9d2';
const webhook = createMessengerWebhook({ appSecret, verifyToken });

function get(query: Record<string, unknown>) {
  return webhook.handleGet({ rawBody: Buffer.alloc(0), headers: {}, query });
}

describe('Messenger webhook handshake', () => {
  it('when the verify token matches, then the bare challenge is answered with 200', () => {
    expect(get({ 'hub.mode': 'subscribe', 'hub.verify_token': verifyToken, 'hub.challenge': '1158201444' })).toEqual({ status: 200, body: '1158201444' });
  });

  it('when the verify token is wrong, then 403 and no challenge', () => {
    const outcome = get({ 'hub.mode': 'subscribe', 'hub.verify_token': 'guess', 'hub.challenge': '1158201444' });
    expect(outcome.status).toBe(403);
    expect(outcome.body).not.toContain('1158201444');
  });

  it('when hub.mode is not subscribe or the token is missing, then 403', () => {
    expect(get({ 'hub.mode': 'unsubscribe', 'hub.verify_token': verifyToken, 'hub.challenge': '1' }).status).toBe(403);
    expect(get({ 'hub.mode': 'subscribe', 'hub.challenge': '1' }).status).toBe(403);
  });

  it('when the challenge is missing or carries markup, then 400 and nothing is reflected', () => {
    expect(get({ 'hub.mode': 'subscribe', 'hub.verify_token': verifyToken }).status).toBe(400);
    const outcome = get({ 'hub.mode': 'subscribe', 'hub.verify_token': verifyToken, 'hub.challenge': '<script>x</script>' });
    expect(outcome.status).toBe(400);
    expect(outcome.body).not.toContain('<script>');
  });
});

describe('Messenger webhook signature', () => {
  const body = buildWebhookBody([buildTextItem({ psid: '7000000000000001', text: 'Xin chào' })]);

  it('when the signature is wrong, then 401 with a note and no events', () => {
    const outcome = webhook.handlePost(buildSignedRequest(body, 'another-secret'));
    expect(outcome.status).toBe(401);
    expect(outcome.events).toEqual([]);
    expect(outcome.note).toMatch(/does not match/);
  });

  it('when the signature header is missing, then 401 saying so', () => {
    const req = buildSignedRequest(body, appSecret);
    delete req.headers['x-hub-signature-256'];
    const outcome = webhook.handlePost(req);
    expect(outcome.status).toBe(401);
    expect(outcome.note).toMatch(/X-Hub-Signature-256 header missing/);
  });

  it('when only a correct SHA-1 X-Hub-Signature is sent, then 401 naming the SHA-1 header', () => {
    const outcome = webhook.handlePost(buildSignedRequest(body, appSecret, { sha1Only: true }));
    expect(outcome.status).toBe(401);
    expect(outcome.note).toMatch(/SHA-1/);
    expect(outcome.events).toEqual([]);
  });

  it('when the signature is malformed or signs a different body, then 401', () => {
    expect(webhook.handlePost(buildSignedRequest(body, appSecret, { signature: 'sha256=zz' })).status).toBe(401);
    const other = signMessengerBody(JSON.stringify({ object: 'page', entry: [] }), appSecret);
    expect(webhook.handlePost(buildSignedRequest(body, appSecret, { signature: other })).status).toBe(401);
  });

  it('when Meta escapes diacritics in the body, then the signature of those exact bytes is accepted and the text decoded', () => {
    // Re-serialising the parsed JSON would give different bytes (ă instead of \u0103) and fail the check.
    const raw =
      '{"object":"page","entry":[{"id":"104000000000001","time":1764300000123,"messaging":[{"sender":{"id":"7000000000000001"},"recipient":{"id":"104000000000001"},"timestamp":1764300000000,"message":{"mid":"m_esc1","text":"TCVN 5699 \\u00e1p d\\u1ee5ng th\\u1ebf n\\u00e0o?"}}]}]}';
    const outcome = webhook.handlePost(buildSignedRequest(raw, appSecret));
    expect(outcome.status).toBe(200);
    expect(outcome.events[0]?.text).toBe('TCVN 5699 áp dụng thế nào?');
  });
});

describe('Messenger webhook events', () => {
  const post = (body: unknown) => webhook.handlePost(buildSignedRequest(body, appSecret));

  it('when a batch carries messages from several people, then each becomes an event, in order, with string PSIDs', () => {
    const items = [
      buildTextItem({ psid: '7000000000000001', text: 'Thủ tục công bố hợp quy?', mid: 'm_A1', timestamp: 1764300000000 }),
      buildTextItem({ psid: '7000000000000002', text: 'Đăng ký nhãn hiệu', mid: 'm_B1', timestamp: 1764300000100 }),
      buildTextItem({ psid: '7000000000000001', text: 'Cảm ơn', mid: 'm_A2', timestamp: 1764300000200 }),
      buildTextItem({ psid: '9007199254740993123', text: 'Hello', mid: 'm_C1', timestamp: 1764300000300 }),
    ];
    const outcome = post(buildWebhookBody(items));
    expect(outcome.status).toBe(200);
    expect(outcome.events.map((e) => [e.userId, e.eventId, e.text])).toEqual([
      ['7000000000000001', 'm_A1', 'Thủ tục công bố hợp quy?'],
      ['7000000000000002', 'm_B1', 'Đăng ký nhãn hiệu'],
      ['7000000000000001', 'm_A2', 'Cảm ơn'],
      ['9007199254740993123', 'm_C1', 'Hello'],
    ]);
    expect(outcome.events[0]).toMatchObject({ channel: 'messenger', type: 'message', timestamp: 1764300000000 });
    expect(outcome.events[0]?.raw).toEqual(items[0]);
  });

  it('when one entry holds several messaging items, then all of them are read', () => {
    const items = [buildTextItem({ psid: '1', text: 'a', mid: 'm_1' }), buildTextItem({ psid: '2', text: 'b', mid: 'm_2' })];
    const outcome = post({ object: 'page', entry: [{ id: '104000000000001', time: 1, messaging: items }] });
    expect(outcome.events.map((e) => e.eventId)).toEqual(['m_1', 'm_2']);
  });

  it('when echoes, deliveries, reads and standby items arrive, then none becomes an event', () => {
    const body = buildWebhookBody(
      [
        buildEchoItem({ psid: '7000000000000001', text: 'Bot đã trả lời' }),
        buildDeliveryItem({ psid: '7000000000000001', mids: ['m_OUT1'] }),
        buildReadItem({ psid: '7000000000000001' }),
        buildTextItem({ psid: '7000000000000001', text: 'Còn câu hỏi', mid: 'm_real' }),
      ],
      { standby: [buildTextItem({ psid: '7000000000000003', text: 'Tin nhắn cho Hộp thư', mid: 'm_standby' })] },
    );
    const outcome = post(body);
    expect(outcome.status).toBe(200);
    expect(outcome.events.map((e) => e.eventId)).toEqual(['m_real']);
    expect(outcome.note).toMatch(/1 standby/);
  });

  it('when a person taps a quick reply, then the event carries the title as text and the payload', () => {
    const outcome = post(buildWebhookBody([buildQuickReplyItem({ psid: '7000000000000001', title: 'Đo lường', payload: 'TOPIC_MEASUREMENT', mid: 'm_QR1' })]));
    expect(outcome.events).toHaveLength(1);
    expect(outcome.events[0]).toMatchObject({ type: 'postback', eventId: 'm_QR1', text: 'Đo lường', payload: 'TOPIC_MEASUREMENT' });
  });

  it('when a person taps a postback button, then the event carries its payload and mid', () => {
    const outcome = post(buildWebhookBody([buildPostbackItem({ psid: '7000000000000001', title: 'Bắt đầu', payload: 'GET_STARTED', mid: 'm_PB1' })]));
    expect(outcome.events[0]).toMatchObject({ type: 'postback', eventId: 'm_PB1', payload: 'GET_STARTED', text: 'Bắt đầu' });
  });

  it('when a postback has no mid, then its id is the same on redelivery and differs for another payload', () => {
    const first = buildPostbackItem({ psid: '7000000000000001', payload: 'MENU', timestamp: 1764300000000, withoutMid: true });
    const once = post(buildWebhookBody([first])).events[0]?.eventId;
    const again = post(buildWebhookBody([first])).events[0]?.eventId;
    const other = post(buildWebhookBody([{ ...first, postback: { payload: 'HELP' } }])).events[0]?.eventId;
    expect(once).toMatch(/^pb_[0-9a-f]{32}$/);
    expect(again).toBe(once);
    expect(other).not.toBe(once);
  });

  it('when a person sends attachments, then each is mapped with its url or coordinates', () => {
    const item = buildAttachmentItem({
      psid: '7000000000000001',
      mid: 'm_AT1',
      attachments: [
        { type: 'image', payload: { url: 'https://cdn.example/x.jpg' } },
        { type: 'image', payload: { url: 'https://cdn.example/like.png', sticker_id: 369239263222822 } },
        { type: 'file', payload: { url: 'https://cdn.example/don.pdf' } },
        { type: 'audio', payload: { url: 'https://cdn.example/a.mp4' } },
        { type: 'location', payload: { coordinates: { lat: 10.35, long: 107.08 } } },
        { type: 'fallback', title: 'Cổng dịch vụ công', url: 'https://dichvucong.gov.vn', payload: null },
      ],
    });
    const outcome = post(buildWebhookBody([item]));
    expect(outcome.events[0]?.type).toBe('message');
    expect(outcome.events[0]?.attachments).toEqual([
      { type: 'image', url: 'https://cdn.example/x.jpg' },
      { type: 'sticker', url: 'https://cdn.example/like.png' },
      { type: 'file', url: 'https://cdn.example/don.pdf' },
      { type: 'audio', url: 'https://cdn.example/a.mp4' },
      { type: 'location', latitude: 10.35, longitude: 107.08 },
      { type: 'link', url: 'https://dichvucong.gov.vn', name: 'Cổng dịch vụ công' },
    ]);
  });
});

describe('Messenger webhook bad input', () => {
  const post = (body: unknown) => webhook.handlePost(buildSignedRequest(body, appSecret));

  it('when the signed body is not JSON, then 400', () => {
    const outcome = post('{"object":"page",');
    expect(outcome.status).toBe(400);
    expect(outcome.note).toMatch(/JSON/);
  });

  it('when the envelope has no object or no entry list, then 400', () => {
    expect(post({ entry: [] }).status).toBe(400);
    expect(post({ object: 'page', entry: 'x' }).status).toBe(400);
    expect(post([1, 2]).status).toBe(400);
  });

  it('when the object is not a Page, then 200 with no events, so Meta does not redeliver it', () => {
    const outcome = post({ object: 'instagram', entry: [] });
    expect(outcome).toMatchObject({ status: 200, events: [] });
    expect(outcome.note).toMatch(/instagram/);
  });

  it('when some items have wrong field types, then only those are dropped and named in the note', () => {
    const good = buildTextItem({ psid: '7000000000000001', text: 'Câu hỏi', mid: 'm_ok' });
    const outcome = post({
      object: 'page',
      entry: [
        { id: '1', time: 1, messaging: [{ ...good, sender: { id: 7000000000000002 } }, good] },
        { id: '1', time: 1, messaging: 'nope' },
        'not an entry',
        { id: '1', time: 1, messaging: [{ ...good, message: { mid: 'm_bad', text: 42 } }, { ...good, timestamp: 'yesterday' }, null] },
      ],
    });
    expect(outcome.status).toBe(200);
    expect(outcome.events.map((e) => e.eventId)).toEqual(['m_ok']);
    expect(outcome.note).toMatch(/skipped 6 malformed/);
    expect(outcome.note).toMatch(/sender\.id/);
  });

  it('when a malformed item sits beside a good one in one delivery, then the good one becomes an event and the note names each wrong field', () => {
    const good = buildTextItem({ psid: '7000000000000001', text: 'Thủ tục đăng ký?', mid: 'm_good' });
    const badText = { ...good, message: { mid: 'm_bad', text: 42 } };
    const badPostback = { ...buildPostbackItem({ psid: '7000000000000002', payload: 'MENU' }), postback: { title: 'Menu' } };
    const outcome = post({ object: 'page', entry: [{ id: '1', time: 1, messaging: [badText, good, badPostback] }] });
    expect(outcome.status).toBe(200);
    expect(outcome.events.map((e) => [e.eventId, e.text])).toEqual([['m_good', 'Thủ tục đăng ký?']]);
    expect(outcome.note).toContain('entry[0].messaging[0]: message.text must be a string');
    expect(outcome.note).toContain('entry[0].messaging[2]: postback.payload must be a string');
  });

  it('when an attachment has odd fields, then the message is kept with what could be read', () => {
    const item = buildAttachmentItem({
      psid: '7000000000000001',
      mid: 'm_odd',
      attachments: [{ type: 'location', payload: { coordinates: { lat: 'north', long: 107 } } }, 'not an attachment' as never],
    });
    const outcome = post(buildWebhookBody([item]));
    expect(outcome.events[0]?.attachments).toEqual([{ type: 'location' }]);
  });
});
