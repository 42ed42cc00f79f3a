/**
 * Exponential backoff with full jitter: a random delay in [base·2^(attempt-1)/2, base·2^(attempt-1)],
 * capped. Jitter spreads retries of many failed messages so they do not hit a recovering
 * platform at the same instant.
 */
export function backoffDelay(attempt: number, baseMs = 1_000, capMs = 5 * 60_000, random = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
