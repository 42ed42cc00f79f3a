import { z } from 'zod';

/**
 * Checks what a visitor's page sends. Pure: no I/O. Every field that reaches a query or the
 * inbox must be a plain string of the expected form, so an object such as `{"$gt": ""}` can
 * never become a MongoDB operator.
 */

/** A visitor id as `crypto.randomUUID()` makes it (version 4, lower case). */
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Longest quick-reply payload accepted back from the page. */
export const PAYLOAD_MAX_CHARS = 1_000;

const visitorId = z.string().regex(UUID_V4);

/** True for a well-formed visitor (or client message) id: a lower-case version 4 UUID. */
export function isVisitorId(value: unknown): value is string {
  return visitorId.safeParse(value).success;
}

// C0 controls except tab and newline, DEL, C1 controls, and the bidirectional overrides that
// can make a line read differently from what it says.
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;
const LONE_SURROGATES = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Cleans typed text: Windows line ends become `\n`, control characters and unpaired
 * surrogates are removed, and the result is NFC-normalised (Vietnamese typed with combining
 * marks and with precomposed letters then compare equal). Leading and trailing space is trimmed.
 */
function cleanText(value: string): string {
  return value.replace(/\r\n?/g, '\n').replace(CONTROL_CHARS, '').replace(LONE_SURROGATES, '').normalize('NFC').trim();
}

/** Text or payload as typed: absent, null or a string, cleaned (absent reads as empty). */
const typedText = z
  .string()
  .nullish()
  .transform((value) => (value ? cleanText(value) : ''));

/** The fields of `POST /chat/api/messages` (unknown ones are dropped, never stored). */
const chatPostFields = z.object({ clientMessageId: visitorId, text: typedText, payload: typedText });

/** A visitor's message, checked and cleaned. */
export interface ChatPost {
  clientMessageId: string;
  /** What the visitor typed, or the title of the quick reply they tapped. */
  text?: string;
  /** The tapped quick reply's payload. */
  payload?: string;
}

/** Why a request was refused: the HTTP status, a stable code and a sentence for the developer. */
export interface InputProblem {
  status: 400 | 413 | 415;
  code: string;
  message: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; problem: InputProblem };

function problem(status: InputProblem['status'], code: string, message: string): { ok: false; problem: InputProblem } {
  return { ok: false, problem: { status, code, message } };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** What the page is told about a wrong field: a stable code and a sentence for the developer. */
type FieldProblems = Record<string, { code: string; message: string }>;

const CHAT_POST_PROBLEMS: FieldProblems = {
  clientMessageId: { code: 'client_message_id_invalid', message: 'clientMessageId must be a version 4 UUID string, new for each message.' },
  text: { code: 'text_invalid', message: 'text must be a string when given.' },
  payload: { code: 'payload_invalid', message: 'payload must be a string when given.' },
};

/** The refusal for the first wrong field, in the order the schema reads them. */
function fieldProblem(error: z.ZodError, problems: FieldProblems): { ok: false; problem: InputProblem } {
  const field = String(error.issues[0]?.path[0] ?? '');
  const known = problems[field];
  if (known) return problem(400, known.code, known.message);
  // Unreachable while every field of the schema has its words above.
  return problem(400, 'body_invalid', `${field || 'The request body'} is not valid.`);
}

/**
 * Parses the JSON body of `POST /chat/api/messages`: `{ clientMessageId, text?, payload? }` (the
 * visitor is the one the request's credential proves; a `visitorId` field is ignored).
 * Rejects bytes that are not UTF-8, malformed JSON, anything but an object, ids that are not
 * UUIDs, non-string text or payload, text longer than `maxChars` after cleaning (413), and a
 * message with neither text nor payload. Unknown fields are ignored and never stored.
 */
export function parseChatPost(rawBody: Buffer, maxChars: number): ParseResult<ChatPost> {
  let source: string;
  try {
    source = utf8.decode(rawBody);
  } catch {
    return problem(400, 'body_not_utf8', 'The request body is not valid UTF-8 text.');
  }
  let body: unknown;
  try {
    body = JSON.parse(source);
  } catch {
    return problem(400, 'body_malformed', 'The request body could not be read as JSON.');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return problem(400, 'body_not_object', 'The request body must be a JSON object.');
  }
  const read = chatPostFields.safeParse(body);
  if (!read.success) return fieldProblem(read.error, CHAT_POST_PROBLEMS);
  const { clientMessageId, text, payload } = read.data;
  if (text.length > maxChars) {
    return problem(413, 'message_too_long', `The message has ${text.length} characters; at most ${maxChars} are allowed.`);
  }
  if (payload.length > PAYLOAD_MAX_CHARS) {
    return problem(413, 'payload_too_long', `payload has ${payload.length} characters; at most ${PAYLOAD_MAX_CHARS} are allowed.`);
  }
  if (text === '' && payload === '') {
    return problem(400, 'message_empty', 'The message is empty: send text, or the payload of a quick reply.');
  }
  const value: ChatPost = { clientMessageId };
  if (text !== '') value.text = text;
  if (payload !== '') value.payload = payload;
  return { ok: true, value };
}

/**
 * Reads a feed cursor (`after` in the query, or `Last-Event-ID`): a whole number from 0.
 * Absent means 0; anything else (an array, a negative or fractional number) is `undefined`.
 */
export function parseCursor(value: unknown): number | undefined {
  if (value === undefined || value === '') return 0;
  if (typeof value !== 'string' || !/^\d{1,15}$/.test(value)) return undefined;
  return Number(value);
}

/** The fields of a small JSON body (none when it is not an object), or undefined when it is not UTF-8 JSON. */
function jsonFields(rawBody: Buffer): Record<string, unknown> | undefined {
  let body: unknown;
  try {
    body = JSON.parse(utf8.decode(rawBody));
  } catch {
    return undefined;
  }
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

const languageFields = z.object({ language: z.enum(['vi', 'en']) });
const LANGUAGE_PROBLEMS: FieldProblems = { language: { code: 'language_invalid', message: 'language must be "vi" or "en".' } };

/** Reads a language choice from the page: `vi` or `en`. */
export function parseLanguageBody(rawBody: Buffer): ParseResult<{ language: 'vi' | 'en' }> {
  const fields = jsonFields(rawBody);
  if (!fields) return problem(400, 'body_malformed', 'The request body could not be read as UTF-8 JSON.');
  const read = languageFields.safeParse(fields);
  return read.success ? { ok: true, value: read.data } : fieldProblem(read.error, LANGUAGE_PROBLEMS);
}

const visitorRequestFields = z.object({ legacyVisitorId: visitorId.nullish().transform((value) => value ?? undefined) });
const VISITOR_REQUEST_PROBLEMS: FieldProblems = {
  legacyVisitorId: { code: 'legacy_visitor_id_invalid', message: 'legacyVisitorId must be a version 4 UUID string when given.' },
};

/** Reads `POST /chat/api/visitors`: an optional `legacyVisitorId`, the id a page kept before credentials were issued. */
export function parseVisitorRequest(rawBody: Buffer): ParseResult<{ legacyVisitorId?: string }> {
  if (rawBody.length === 0) return { ok: true, value: {} };
  const fields = jsonFields(rawBody);
  if (!fields) return problem(400, 'body_malformed', 'The request body could not be read as UTF-8 JSON.');
  const read = visitorRequestFields.safeParse(fields);
  if (!read.success) return fieldProblem(read.error, VISITOR_REQUEST_PROBLEMS);
  return { ok: true, value: read.data.legacyVisitorId === undefined ? {} : { legacyVisitorId: read.data.legacyVisitorId } };
}
