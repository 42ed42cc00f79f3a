import { AppError, InputError } from '../../errors.js';
import { isDuplicateKey } from '../../db/connect.js';
import { nextCounterValue } from '../../db/models/counter.js';
import { TicketModel } from '../../db/models/ticket.js';
import { retryOnDuplicateKey } from './retry.js';
import { localYearOf } from '../zoned-time.js';

/** Prefix of every public ticket code. */
const TICKET_CODE_PREFIX = 'KHCN';

const CODE_PATTERN = /^KHCN-(\d{4})-(\d{5,})$/;

/** `KHCN-2026-00042` for year 2026 and number 42 (five digits at least). */
function formatTicketCode(year: number, n: number): string {
  return `${TICKET_CODE_PREFIX}-${year}-${String(n).padStart(5, '0')}`;
}

/**
 * Reads a code as a person may type it (any case, spaces around, `khcn 2026 42`) and returns
 * it in canonical form, or throws an {@link InputError} when it cannot be a ticket code.
 */
export function normaliseTicketCode(value: unknown): string {
  if (typeof value !== 'string' || value.length > 40) throw new InputError('ticket code must look like KHCN-2026-00042');
  const match = /^\s*khcn[\s_-]*(\d{4})[\s_-]*(\d{1,9})\s*$/i.exec(value);
  if (!match) throw new InputError('ticket code must look like KHCN-2026-00042');
  return formatTicketCode(Number(match[1]), Number(match[2]));
}

/** True when the text is a canonical ticket code. */
export function isTicketCode(value: string): boolean {
  return CODE_PATTERN.test(value);
}

/**
 * Stores a new record under the next free code of the year `now` falls in (calendar zone):
 * `insert` is called with a candidate code and must insert the record, relying on the unique
 * index on `code`. The counter `ticket:<year>` gives the first candidate; if that code is
 * taken (the counter can lag: FerretDB does not make `$inc` atomic under concurrency), the
 * next candidate is one past the highest code stored for the year. The unique index is the
 * arbiter, so codes are unique across instances without transactions, and gap-free.
 */
export async function insertWithNextTicketCode<T>(now: Date, timeZone: string, insert: (code: string) => Promise<T>): Promise<T> {
  const year = localYearOf(now, timeZone);
  let candidate = await retryOnDuplicateKey(() => nextCounterValue(`ticket:${year}`));
  for (let attempt = 1; attempt <= MAX_CODE_ATTEMPTS; attempt++) {
    try {
      return await insert(formatTicketCode(year, candidate));
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      candidate = (await highestTicketNumber(year)) + 1;
    }
  }
  throw new AppError('ticket_code_busy', `No free ticket code for ${year} after ${MAX_CODE_ATTEMPTS} attempts; try again`, { status: 503, retryable: true });
}

const MAX_CODE_ATTEMPTS = 100;

async function highestTicketNumber(year: number): Promise<number> {
  const numberOf = (code: string): number => Number(code.slice(code.lastIndexOf('-') + 1));
  // Codes past 99999 have more digits and would sort wrongly as text, so they are looked at first.
  const long = await TicketModel.find({ code: { $regex: `^${TICKET_CODE_PREFIX}-${year}-\\d{6,}$` } }, { code: 1 }).lean();
  if (long.length > 0) return Math.max(...long.map((t) => numberOf(t.code)));
  const top = await TicketModel.findOne({ code: { $regex: `^${TICKET_CODE_PREFIX}-${year}-\\d{5}$` } }, { code: 1 })
    .sort({ code: -1 })
    .lean();
  return top ? numberOf(top.code) : 0;
}
