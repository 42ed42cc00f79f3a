import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseChatPost, parseLanguageBody, parseVisitorRequest } from '../../../src/channels/webchat/input.js';

const json = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8');

describe('web chat input', () => {
  it('when a message has a wrong id and a wrong text, then the id is named first, with its code', () => {
    const result = parseChatPost(json({ clientMessageId: 'x', text: 42 }), 100);
    expect(result).toEqual({
      ok: false,
      problem: { status: 400, code: 'client_message_id_invalid', message: 'clientMessageId must be a version 4 UUID string, new for each message.' },
    });
  });

  it('when a message is typed with combining marks and null payload, then it is read cleaned and NFC-normalised', () => {
    const id = randomUUID();
    expect(parseChatPost(json({ clientMessageId: id, text: '  Xin chào\r\n', payload: null, extra: { $gt: '' } }), 100)).toEqual({
      ok: true,
      value: { clientMessageId: id, text: 'Xin chào' },
    });
  });

  it('when the language body is a list or names another language, then language_invalid', () => {
    expect(parseLanguageBody(json(['vi']))).toMatchObject({ ok: false, problem: { status: 400, code: 'language_invalid' } });
    expect(parseLanguageBody(json({ language: 'fr' }))).toMatchObject({ ok: false, problem: { code: 'language_invalid' } });
    expect(parseLanguageBody(json({ language: 'en' }))).toEqual({ ok: true, value: { language: 'en' } });
  });

  it('when a visitor request carries a legacy id that is not a UUID, then 400; null or absent reads as none', () => {
    expect(parseVisitorRequest(json({ legacyVisitorId: { $ne: null } }))).toMatchObject({
      ok: false,
      problem: { status: 400, code: 'legacy_visitor_id_invalid' },
    });
    expect(parseVisitorRequest(json({ legacyVisitorId: null }))).toEqual({ ok: true, value: {} });
    expect(parseVisitorRequest(Buffer.alloc(0))).toEqual({ ok: true, value: {} });
  });
});
