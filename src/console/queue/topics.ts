import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { log } from '../../log.js';

const topicLog = log.child({ module: 'console.topics' });

/** A topic id and its Vietnamese title, for filters and labels. */
export interface TopicLabel {
  id: string;
  title: string;
}

/**
 * Reads the topic titles from `<contentDir>/topics/*.json` (id and `title.vi`). A file that
 * cannot be read is logged and left out: the console then shows the topic's id.
 */
export function loadTopicLabels(contentDir: string): TopicLabel[] {
  const dir = join(contentDir, 'topics');
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  } catch (err) {
    topicLog.warn({ dir, err: err instanceof Error ? err.message : String(err) }, 'topic files not found; filters show topic ids');
    return [];
  }
  const labels: TopicLabel[] = [];
  for (const file of files) {
    try {
      const raw = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { id?: unknown; title?: { vi?: unknown } };
      if (typeof raw.id === 'string') labels.push({ id: raw.id, title: typeof raw.title?.vi === 'string' ? raw.title.vi : raw.id });
    } catch (err) {
      topicLog.warn({ file, err: err instanceof Error ? err.message : String(err) }, 'topic file unreadable; left out of the console filters');
    }
  }
  return labels.sort((a, b) => a.title.localeCompare(b.title, 'vi'));
}
