import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join as joinPath } from 'node:path';
import { log } from '../log.js';
import { ContentError, type ContentProblem } from './errors.js';
import { checkReferences } from './references.js';
import { readDocumentCatalogue, readEventCatalogue, readFaqFile, readReceptionSchedule, readTopic } from './read-shapes.js';
import { FieldReader } from './schema.js';
import type { Content, FaqEntry } from './types.js';

const contentLog = log.child({ module: 'content' });

/**
 * Reads, validates and cross-checks the outreach content under `dir` (default `content`):
 * `legal-documents.json`, `topics/*.json`, `faq/*.json`, `reception-schedule.json`, `events.json`.
 *
 * Guarantees on return: every file fits its schema; every topic id is one of the fixed ones and each
 * has exactly one topic file; FAQ ids are unique; every cited document exists in the catalogue.
 * Files owned elsewhere (`departments.json`, `routing-rules.json`, `i18n/`) are not read.
 *
 * @throws {ContentError} listing every problem found, each as `file: field: message`.
 */
export function loadContent(dir = 'content'): Content {
  const problems: ContentProblem[] = [];

  const documents = readJsonFile(joinPath(dir, 'legal-documents.json'), problems, readDocumentCatalogue) ?? [];
  const topics = readJsonDir(joinPath(dir, 'topics'), problems, readTopic);
  const faqFiles = readJsonDir(joinPath(dir, 'faq'), problems, readFaqFile);
  const receptionSchedule = readJsonFile(joinPath(dir, 'reception-schedule.json'), problems, readReceptionSchedule);
  const events = readJsonFile(joinPath(dir, 'events.json'), problems, readEventCatalogue);

  topics.forEach(({ file, value }) => {
    const expected = `${value.id}.json`;
    if (basename(file) !== expected) problems.push({ file, field: 'id', message: `topic "${value.id}" must live in a file named ${expected}` });
  });
  const faq: FaqEntry[] = faqFiles.flatMap(({ value }) => value);

  checkReferences(
    {
      dir,
      documents,
      topics: topics,
      faqFiles,
      receptionSchedule,
      events,
    },
    problems,
  );

  if (problems.length > 0 || !receptionSchedule || !events) {
    throw new ContentError(problems.length > 0 ? problems : [{ file: dir, field: '', message: 'content could not be read' }]);
  }

  const topicList = topics.map(({ value }) => value);
  const content: Content = {
    topics: topicList,
    faq,
    documents,
    receptionSchedule,
    events,
    topicById: new Map(topicList.map((t) => [t.id, t])),
    faqById: new Map(faq.map((e) => [e.id, e])),
    documentById: new Map(documents.map((d) => [d.id, d])),
  };
  contentLog.info({ dir, topics: topicList.length, faq: faq.length, documents: documents.length }, 'content loaded');
  return content;
}

type ShapeReader<T> = (reader: FieldReader, value: unknown) => T | undefined;

function readJsonFile<T>(file: string, problems: ContentProblem[], read: ShapeReader<T>): T | undefined {
  if (!existsSync(file)) {
    problems.push({ file, field: '', message: 'file is missing' });
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    // A syntax error is the file's problem, reported with the others rather than thrown alone.
    problems.push({ file, field: '', message: `is not valid JSON (${err instanceof Error ? err.message : String(err)})` });
    return undefined;
  }
  const before = problems.length;
  const value = read(new FieldReader(file, problems), parsed);
  return problems.length === before ? value : undefined;
}

function readJsonDir<T>(dir: string, problems: ContentProblem[], read: ShapeReader<T>): { file: string; value: T }[] {
  if (!existsSync(dir)) {
    problems.push({ file: dir, field: '', message: 'folder is missing' });
    return [];
  }
  const out: { file: string; value: T }[] = [];
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .sort()) {
    const file = joinPath(dir, name);
    const value = readJsonFile(file, problems, read);
    if (value !== undefined) out.push({ file, value });
  }
  return out;
}
