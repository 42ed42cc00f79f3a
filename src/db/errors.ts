/** True when the error is a unique-index violation (E11000). */
export function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'code' in err && (err as { code?: number }).code === 11000;
}

/**
 * One write of several sent together that the database refused on its own (the others went
 * through): `code` is the database's (11000 for a duplicate key).
 */
export class RefusedWriteError extends Error {
  constructor(
    readonly code: number | undefined,
    message: string,
    readonly collection: string,
  ) {
    super(`${collection}: ${message}`);
    this.name = 'RefusedWriteError';
  }
}
