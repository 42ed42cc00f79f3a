import { AppError } from '../errors.js';

/** One problem in one content file, located by a field path such as `entries[3].sources[0]`. */
export interface ContentProblem {
  /** Path of the file relative to the working directory, e.g. `content/faq/do-luong.json`. */
  file: string;
  /** Field path inside the file; empty for the file as a whole. */
  field: string;
  message: string;
}

/** Formats a problem as `file: field: message`, the form operators see. */
export function formatProblem(problem: ContentProblem): string {
  return problem.field ? `${problem.file}: ${problem.field}: ${problem.message}` : `${problem.file}: ${problem.message}`;
}

/**
 * The content under `content/` is missing, unreadable or breaks the schema. The message lists every
 * problem found (not just the first), each naming the file and the field, so one fix-up pass suffices.
 */
export class ContentError extends AppError {
  constructor(readonly problems: ContentProblem[]) {
    super(
      'content_invalid',
      `Content is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}); fix these files:\n  - ${problems.map(formatProblem).join('\n  - ')}`,
    );
  }
}
