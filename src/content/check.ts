import { readFileSync } from 'node:fs';
import { join as joinPath } from 'node:path';
import { ConfigError } from '../errors.js';
import { loadTimeLimits } from '../services/tickets/time-limits.js';
import { loadWorkingCalendar } from '../services/working-calendar.js';
import { checkDirectory } from './directory.js';
import { ContentError, type ContentProblem } from './errors.js';
import { loadContent } from './load.js';
import { checkPhrases } from './phrases.js';
import type { Content } from './types.js';

/** `file: field: message` as the other loaders write it, back into a problem. */
function parseProblem(line: string): ContentProblem {
  const match = /^(.+?\.json): (?:([^:]+): )?(.*)$/s.exec(line);
  return match ? { file: match[1]!, field: match[2] ?? '', message: match[3]! } : { file: '', field: '', message: line };
}

/** Legal time limits must name the articles that set them. */
function checkTimeLimitArticles(file: string, problems: ContentProblem[]): void {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as { kinds?: Record<string, { departmentChoice?: boolean; sources?: { articles?: string }[] }> };
  for (const [kind, limit] of Object.entries(raw.kinds ?? {})) {
    if (limit.departmentChoice !== false) continue;
    (limit.sources ?? []).forEach((source, i) => {
      if (!source.articles || !/Điều \d+/u.test(source.articles)) {
        problems.push({
          file,
          field: `kinds.${kind}.sources[${i}].articles`,
          message: 'a legal time limit must name the article that sets it (e.g. "Điều 28")',
        });
      }
    });
  }
}

/**
 * Everything under `dir` (default `content`), as `npm run content:check` reports it: the outreach
 * content and its citation rules (`loadContent`), the department directory and routing rules, the
 * working calendar, the ticket time limits and the bot phrases. Returns the loaded content when it
 * is valid, and every problem found, each naming file and field.
 */
export function checkContentFolder(dir = 'content'): { content?: Content; problems: ContentProblem[] } {
  const problems: ContentProblem[] = [];
  let content: Content | undefined;
  try {
    content = loadContent(dir);
  } catch (err) {
    if (!(err instanceof ContentError)) throw err;
    problems.push(...err.problems);
  }
  checkDirectory(dir, problems);
  checkPhrases(dir, problems);
  const timeLimitsFile = joinPath(dir, 'time-limits.json');
  for (const [file, load] of [
    [joinPath(dir, 'calendar.json'), loadWorkingCalendar],
    [timeLimitsFile, loadTimeLimits],
  ] as const) {
    try {
      load(file);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems.push(...err.problems.map(parseProblem));
    }
  }
  try {
    checkTimeLimitArticles(timeLimitsFile, problems);
  } catch (err) {
    // An unreadable file was already reported by loadTimeLimits above.
    if (!(err instanceof SyntaxError) && (err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  return { content: problems.length === 0 ? content : undefined, problems };
}
