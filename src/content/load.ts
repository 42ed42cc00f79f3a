import { existsSync, readdirSync } from 'node:fs';
import { basename, join as joinPath } from 'node:path';
import { log } from '../log.js';
import { ContentError, type ContentProblem } from './errors.js';
import { checkReferences } from './references.js';
import type { z } from 'zod';
import { readJsonFile } from './read-json.js';
import { documentCatalogueSchema, eventCatalogueSchema, faqFileSchema, receptionScheduleSchema, topicSchema, type Content, type FaqEntry } from './types.js';

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

  const documents = readJsonFile(joinPath(dir, 'legal-documents.json'), problems, documentCatalogueSchema) ?? [];
  const topics = readJsonDir(joinPath(dir, 'topics'), problems, topicSchema);
  const faqFiles = readJsonDir(joinPath(dir, 'faq'), problems, faqFileSchema);
  const receptionSchedule = readJsonFile(joinPath(dir, 'reception-schedule.json'), problems, receptionScheduleSchema);
  const events = readJsonFile(joinPath(dir, 'events.json'), problems, eventCatalogueSchema);

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

function readJsonDir<S extends z.ZodType>(dir: string, problems: ContentProblem[], schema: S): { file: string; value: z.output<S> }[] {
  if (!existsSync(dir)) {
    problems.push({ file: dir, field: '', message: 'folder is missing' });
    return [];
  }
  const out: { file: string; value: z.output<S> }[] = [];
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .sort()) {
    const file = joinPath(dir, name);
    const value = readJsonFile(file, problems, schema);
    if (value !== undefined) out.push({ file, value });
  }
  return out;
}
