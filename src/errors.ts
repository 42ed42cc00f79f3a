/**
 * Typed application errors. Every error the service raises on purpose is an {@link AppError}
 * with a stable `code`, so callers and retries switch on the class or code, never on message text.
 */
export interface AppErrorOptions {
  /** The underlying error or the platform's raw error body. */
  cause?: unknown;
  /** HTTP status to answer with when this error reaches a route. */
  status?: number;
  /** True when trying the same operation again later may succeed. */
  retryable?: boolean;
}

export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly retryable: boolean;

  constructor(code: string, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.status = options.status ?? 500;
    this.retryable = options.retryable ?? false;
  }
}

/** Configuration is missing or malformed; the message names every offending variable. */
export class ConfigError extends AppError {
  constructor(readonly problems: string[]) {
    super('config_invalid', `Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

/** Input from outside (a webhook, a form, a chat message) was rejected. */
export class InputError extends AppError {
  constructor(message: string, status = 400, code = 'input_invalid') {
    super(code, message, { status });
  }
}

/** The caller is not allowed to see or change the resource. */
export class ForbiddenError extends AppError {
  constructor(message = 'Forbidden') {
    super('forbidden', message, { status: 403 });
  }
}

export class NotFoundError extends AppError {
  constructor(what: string) {
    super('not_found', `${what} not found`, { status: 404 });
  }
}

/** The database could not be reached or refused the operation for a transient reason. */
export class DatabaseUnavailableError extends AppError {
  constructor(message: string, cause?: unknown) {
    super('database_unavailable', message, { cause, status: 503, retryable: true });
  }
}

/** Returns a short, log-safe description of anything thrown. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return String(err);
}
