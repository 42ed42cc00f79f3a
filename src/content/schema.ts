import type { ContentProblem } from './errors.js';

/**
 * A small schema helper: each reader checks one value at a field path, records a problem
 * (file + path + message) when it does not fit, and returns the typed value or `undefined`.
 * Reading goes on after a problem so that one run reports every mistake in a file.
 */
export class FieldReader {
  constructor(
    readonly file: string,
    private readonly problems: ContentProblem[],
  ) {}

  /** Records a problem at `path`. */
  fail(path: string, message: string): undefined {
    this.problems.push({ file: this.file, field: path, message });
    return undefined;
  }

  /** A plain object; lists unknown keys as problems when `allowed` is given (catches typos like `sorces`). */
  object(value: unknown, path: string, allowed?: readonly string[]): Record<string, unknown> | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return this.fail(path, `expected an object, got ${describe(value)}`);
    }
    const record = value as Record<string, unknown>;
    if (allowed) {
      for (const key of Object.keys(record)) {
        if (!allowed.includes(key)) this.fail(join(path, key), `unknown field (allowed: ${allowed.join(', ')})`);
      }
    }
    return record;
  }

  /** A string; trimmed-empty strings are rejected unless `allowEmpty`. */
  string(value: unknown, path: string, options: { pattern?: RegExp; patternHint?: string; allowEmpty?: boolean } = {}): string | undefined {
    if (typeof value !== 'string') return this.fail(path, `expected text, got ${describe(value)}`);
    if (!options.allowEmpty && value.trim() === '') return this.fail(path, 'must not be empty');
    if (options.pattern && !options.pattern.test(value)) {
      return this.fail(path, `"${value}" is not ${options.patternHint ?? `of the form ${options.pattern.source}`}`);
    }
    return value;
  }

  optionalString(value: unknown, path: string, options: { pattern?: RegExp; patternHint?: string } = {}): string | undefined {
    return value === undefined ? undefined : this.string(value, path, options);
  }

  /** A whole number within bounds. */
  integer(value: unknown, path: string, min: number, max: number): number | undefined {
    if (typeof value !== 'number' || !Number.isInteger(value)) return this.fail(path, `expected a whole number, got ${describe(value)}`);
    if (value < min || value > max) return this.fail(path, `must be between ${min} and ${max}, got ${value}`);
    return value;
  }

  boolean(value: unknown, path: string): boolean | undefined {
    if (typeof value !== 'boolean') return this.fail(path, `expected true or false, got ${describe(value)}`);
    return value;
  }

  /** One of a fixed set of strings. */
  oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[]): T | undefined {
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      return this.fail(path, `must be one of ${allowed.join(', ')}, got ${describe(value)}`);
    }
    return value as T;
  }

  /** A calendar date `YYYY-MM-DD` that exists. */
  isoDate(value: unknown, path: string): string | undefined {
    const text = this.string(value, path, { pattern: /^\d{4}-\d{2}-\d{2}$/, patternHint: 'a date of the form YYYY-MM-DD' });
    if (text === undefined) return undefined;
    const parsed = new Date(`${text}T00:00:00Z`);
    if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== text) return this.fail(path, `"${text}" is not a real date`);
    return text;
  }

  optionalIsoDate(value: unknown, path: string): string | undefined {
    return value === undefined ? undefined : this.isoDate(value, path);
  }

  /** A date-time with an explicit offset, e.g. `2026-12-10T08:00:00+07:00`. */
  isoDateTime(value: unknown, path: string): string | undefined {
    const text = this.string(value, path, {
      pattern: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})$/,
      patternHint: 'a date-time with offset, e.g. 2026-12-10T08:00:00+07:00',
    });
    if (text === undefined) return undefined;
    if (Number.isNaN(Date.parse(text))) return this.fail(path, `"${text}" is not a real date-time`);
    return text;
  }

  /** An http(s) URL. */
  url(value: unknown, path: string): string | undefined {
    const text = this.string(value, path);
    if (text === undefined) return undefined;
    try {
      const parsed = new URL(text);
      if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return this.fail(path, `"${text}" must be an http(s) link`);
    } catch {
      // URL throws on anything unparseable; the problem is recorded, reading goes on.
      return this.fail(path, `"${text}" is not a valid link`);
    }
    return text;
  }

  /** An array whose items are read by `item`; invalid items are dropped after their problems are recorded. */
  array<T>(value: unknown, path: string, item: (value: unknown, path: string) => T | undefined, options: { minItems?: number } = {}): T[] | undefined {
    if (!Array.isArray(value)) return this.fail(path, `expected a list, got ${describe(value)}`);
    if (options.minItems !== undefined && value.length < options.minItems) {
      this.fail(path, `needs at least ${options.minItems} item${options.minItems === 1 ? '' : 's'}, has ${value.length}`);
    }
    const out: T[] = [];
    value.forEach((entry, i) => {
      const read = item(entry, `${path}[${i}]`);
      if (read !== undefined) out.push(read);
    });
    return out;
  }

  optionalArray<T>(value: unknown, path: string, item: (value: unknown, path: string) => T | undefined): T[] | undefined {
    return value === undefined ? undefined : this.array(value, path, item);
  }
}

/** Joins a field path: `entries[3]` + `sources` → `entries[3].sources`. */
export function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing (missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value === 'object' ? 'an object' : typeof value;
}
