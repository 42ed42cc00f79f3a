import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/load.js';
import { TOPIC_IDS } from '../../src/content/types.js';
import { copyOfContent, problemsOf, setJson } from './content-copy.js';

describe('loadContent on the shipped content', () => {
  it('when the shipped content loads, then all ten fixed topics, at least 80 cited FAQ entries and the catalogue are there', () => {
    const content = loadContent('content');
    expect(content.topics.map((t) => t.id).sort()).toEqual([...TOPIC_IDS].sort());
    expect(content.faq.length).toBeGreaterThanOrEqual(80);
    for (const topicId of TOPIC_IDS)
      expect(
        content.faq.some((e) => e.topic === topicId),
        topicId,
      ).toBe(true);
    for (const e of content.faq) {
      expect(e.sources.length, e.id).toBeGreaterThan(0);
      for (const s of e.sources) expect(content.documentById.has(s.document), `${e.id} cites ${s.document}`).toBe(true);
      expect(e.question.en.length, e.id).toBeGreaterThan(0);
    }
    expect(content.receptionSchedule.isSample).toBe(true);
    expect(content.receptionSchedule.legalBasis).toContain('luat-42-2013-qh13');
  });

  it('when the catalogue is read, then the laws changed in 2025 carry their checked numbers and dates', () => {
    const docs = loadContent('content').documentById;
    expect(docs.get('luat-78-2025-qh15')).toMatchObject({ number: '78/2025/QH15', issueDate: '2025-06-18', effectiveDate: '2026-01-01' });
    expect(docs.get('luat-70-2025-qh15')).toMatchObject({ number: '70/2025/QH15', issueDate: '2025-06-14', effectiveDate: '2026-01-01' });
    expect(docs.get('luat-93-2025-qh15')).toMatchObject({ number: '93/2025/QH15', effectiveDate: '2025-10-01' });
    expect(docs.get('luat-91-2025-qh15')).toMatchObject({ effectiveDate: '2026-01-01' });
    expect(docs.get('luat-131-2025-qh15')).toMatchObject({ effectiveDate: '2026-04-01' });
  });

  it('when events are listed, then every sample event is after 2026-11-28 and has a capacity', () => {
    const { events } = loadContent('content');
    expect(events.isSample).toBe(true);
    expect(events.events.length).toBeGreaterThanOrEqual(3);
    for (const e of events.events) {
      expect(Date.parse(e.startsAt)).toBeGreaterThan(Date.parse('2026-11-28T23:59:59+07:00'));
      expect(e.capacity).toBeGreaterThan(0);
    }
  });
});

describe('loadContent on broken content', () => {
  it('when a FAQ entry cites a document missing from the catalogue, then the error names the file and the field', () => {
    const dir = copyOfContent();
    setJson(join(dir, 'faq', 'do-luong.json'), 'entries.3.sources.0.document', 'TT-99');
    expect(problemsOf(dir)).toContain(`${join(dir, 'faq', 'do-luong.json')}: entries[3].sources[0]: unknown document "TT-99"`);
  });

  it('when a topic file uses an id outside the fixed list, then the error names the file and the id field', () => {
    const dir = copyOfContent();
    setJson(join(dir, 'topics', 'do-luong.json'), 'id', 'do-luong-moi');
    const message = problemsOf(dir);
    expect(message).toContain(`${join(dir, 'topics', 'do-luong.json')}: id: must be one of`);
    expect(message).toContain('topic "do-luong" has no file');
  });

  it('when several mistakes are made at once, then every one is reported in one pass', () => {
    const dir = copyOfContent();
    const file = join(dir, 'faq', 'chat-luong.json');
    setJson(file, 'entries.0.reviewedAt', undefined);
    setJson(file, 'entries.1.answer.vi', 'Luat nay co hieu luc tu ngay mot thang mot');
    setJson(file, 'entries.2.sorces', []);
    setJson(file, 'entries.4.sources', []);
    const message = problemsOf(dir);
    expect(message).toContain(`${file}: entries[0].reviewedAt: expected text, got nothing (missing)`);
    expect(message).toContain(`${file}: entries[1].answer.vi: Vietnamese text has no diacritics`);
    expect(message).toContain(`${file}: entries[2].sorces: unknown field`);
    expect(message).toContain(`${file}: entries[4].sources: needs at least 1 item`);
  });

  it('when a file is not valid JSON, then the error names the file', () => {
    const dir = copyOfContent();
    writeFileSync(join(dir, 'events.json'), '{ "isSample": true, ');
    expect(problemsOf(dir)).toMatch(new RegExp(`${join(dir, 'events.json').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: is not valid JSON`));
  });

  it('when a FAQ id is used twice, then the second use is reported with the first file', () => {
    const dir = copyOfContent();
    setJson(join(dir, 'faq', 'do-luong.json'), 'entries.1.id', 'do-luong-01');
    expect(problemsOf(dir)).toContain('entries[1].id: FAQ id "do-luong-01" is already used in');
  });

  it('when an event has a wrong type, an impossible date, a bad link and ends before it starts, then each field is named with what it should hold', () => {
    const dir = copyOfContent();
    const file = join(dir, 'events.json');
    setJson(file, 'events.0.capacity', 'forty');
    setJson(file, 'events.1.onlineUrl', 'zoom meeting');
    setJson(file, 'events.2.kind', 'party');
    setJson(file, 'events.3.documents', 'luat-42-2013-qh13');
    const message = problemsOf(dir);
    expect(message).toContain(`${file}: events[0].capacity: expected a whole number, got "forty"`);
    expect(message).toContain(`${file}: events[1].onlineUrl: "zoom meeting" is not a valid link`);
    expect(message).toContain(`${file}: events[2].kind: must be one of workshop, training, seminar, fair, got "party"`);
    expect(message).toContain(`${file}: events[3].documents: expected a list, got "luat-42-2013-qh13"`);
  });

  it('when an event ends before it starts, then its end is reported', () => {
    const dir = copyOfContent();
    const file = join(dir, 'events.json');
    setJson(file, 'events.0.endsAt', '2020-01-01T08:00:00+07:00');
    expect(problemsOf(dir)).toContain(`${file}: events[0].endsAt: must be after startsAt`);
  });

  it('when a date does not exist or a field is misspelt, then the message says so and lists the allowed fields', () => {
    const dir = copyOfContent();
    const file = join(dir, 'reception-schedule.json');
    setJson(file, 'reviewedAt', '2026-02-30');
    setJson(file, 'contact.fax', '0221 000 000');
    const message = problemsOf(dir);
    expect(message).toContain(`${file}: reviewedAt: "2026-02-30" is not a real date`);
    expect(message).toContain(`${file}: contact.fax: unknown field (allowed: phone, email, address)`);
  });
});
