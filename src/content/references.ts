import { join as joinPath } from 'node:path';
import { checkFaqCitations } from './citation-rules.js';
import type { ContentProblem } from './errors.js';
import { NO_LONGER_APPLIES_STATUSES, TOPIC_IDS, type EventCatalogue, type FaqEntry, type LegalDocument, type ReceptionSchedule, type Topic } from './types.js';

export interface LoadedFiles {
  dir: string;
  documents: LegalDocument[];
  topics: { file: string; value: Topic }[];
  faqFiles: { file: string; value: FaqEntry[] }[];
  receptionSchedule: ReceptionSchedule | undefined;
  events: EventCatalogue | undefined;
}

/**
 * Cross-file rules: unique ids, every fixed topic present once, every cited document in the catalogue
 * and still applying (not replaced or repealed), and the citation rules of each FAQ answer
 * (see `checkFaqCitations`).
 */
export function checkReferences(files: LoadedFiles, problems: ContentProblem[]): void {
  const catalogueFile = joinPath(files.dir, 'legal-documents.json');
  const documentById = new Map<string, LegalDocument>();
  files.documents.forEach((doc, i) => {
    if (documentById.has(doc.id)) problems.push({ file: catalogueFile, field: `documents[${i}].id`, message: `duplicate document id "${doc.id}"` });
    documentById.set(doc.id, doc);
  });

  const known = (file: string, field: string, id: string): LegalDocument | undefined => {
    const doc = documentById.get(id);
    if (!doc) problems.push({ file, field, message: `unknown document "${id}" (not in legal-documents.json)` });
    return doc;
  };
  /** A citation shown to people: the document must exist and still apply. */
  const cite = (file: string, field: string, id: string): void => {
    const doc = known(file, field, id);
    if (doc && NO_LONGER_APPLIES_STATUSES.includes(doc.status)) {
      const instead = doc.replacedBy ? ` (replaced by "${doc.replacedBy}")` : '';
      problems.push({ file, field, message: `cites "${id}", which is marked ${doc.status}${instead}; cite the document in force` });
    }
  };

  files.documents.forEach((doc, i) => {
    doc.amendedBy?.forEach((id, j) => known(catalogueFile, `documents[${i}].amendedBy[${j}]`, id));
    if (doc.replacedBy) known(catalogueFile, `documents[${i}].replacedBy`, doc.replacedBy);
  });

  const seenTopics = new Map<string, string>();
  for (const { file, value: topic } of files.topics) {
    const other = seenTopics.get(topic.id);
    if (other) problems.push({ file, field: 'id', message: `topic "${topic.id}" is already defined in ${other}` });
    seenTopics.set(topic.id, file);
    topic.documents.forEach((id, j) => cite(file, `documents[${j}]`, id));
    topic.learnMore.forEach((section, j) => section.documents?.forEach((id, k) => cite(file, `learnMore[${j}].documents[${k}]`, id)));
  }
  for (const id of TOPIC_IDS) {
    if (!seenTopics.has(id)) problems.push({ file: joinPath(files.dir, 'topics'), field: '', message: `topic "${id}" has no file (expected ${id}.json)` });
  }

  const seenFaq = new Map<string, string>();
  for (const { file, value: entries } of files.faqFiles) {
    entries.forEach((entry, i) => {
      const other = seenFaq.get(entry.id);
      if (other) problems.push({ file, field: `entries[${i}].id`, message: `FAQ id "${entry.id}" is already used in ${other}` });
      seenFaq.set(entry.id, file);
      entry.sources.forEach((source, j) => cite(file, `entries[${i}].sources[${j}]`, source.document));
      checkFaqCitations(file, i, entry, documentById, problems);
    });
  }

  if (files.receptionSchedule) {
    const file = joinPath(files.dir, 'reception-schedule.json');
    files.receptionSchedule.legalBasis.forEach((id, j) => cite(file, `legalBasis[${j}]`, id));
  }
  if (files.events) {
    const file = joinPath(files.dir, 'events.json');
    const seenEvents = new Set<string>();
    files.events.events.forEach((event, i) => {
      if (seenEvents.has(event.id)) problems.push({ file, field: `events[${i}].id`, message: `duplicate event id "${event.id}"` });
      seenEvents.add(event.id);
      event.documents?.forEach((id, j) => cite(file, `events[${i}].documents[${j}]`, id));
    });
  }
}
