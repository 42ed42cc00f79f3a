import { z } from 'zod';

const NOUNS: Record<string, string> = { object: 'an object', array: 'an array', string: 'a string', number: 'a number' };

/** Platform bodies are checked with these words, so a log says `message.text must be a string`. */
function wireMessage(issue: z.core.$ZodRawIssue): string | undefined {
  return issue.code === 'invalid_type' ? `must be ${NOUNS[issue.expected] ?? issue.expected}` : undefined;
}

/**
 * Reads a platform's webhook body (or part of it) with `schema`. Returns what it read, or the
 * problems as one line for the log (`sender.id must be a string; message must be an object`).
 */
export function readWire<S extends z.ZodType>(schema: S, value: unknown): { ok: true; value: z.output<S> } | { ok: false; problem: string } {
  const result = schema.safeParse(value, { error: wireMessage });
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, problem: result.error.issues.map((issue) => `${z.core.toDotPath(issue.path) || 'body'} ${issue.message}`).join('; ') };
}
