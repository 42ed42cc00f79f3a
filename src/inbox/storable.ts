/** Deepest level of a platform payload kept as it is; deeper parts are replaced by a marker. */
const RAW_MAX_DEPTH = 16;

/**
 * The platform's own payload made safe to store as a document: keys that MongoDB (or FerretDB)
 * would refuse or read as operators (`$…`, `a.b`, NUL) have those characters replaced by
 * look-alikes (＄, ．), and nesting past {@link RAW_MAX_DEPTH} levels is cut. Only the record
 * kept beside the event changes; the fields the bot reads were parsed before. Without this, one
 * odd key or a deeply nested field in a signed delivery made the insert fail with 500, and the
 * platform redelivered it for ever.
 */
export function storableRaw(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth >= RAW_MAX_DEPTH) return '[nested too deep; cut]';
  if (Array.isArray(value)) return value.map((item) => storableRaw(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[storableKey(key)] = storableRaw(item, depth + 1);
  return out;
}

function storableKey(key: string): string {
  return key
    .replace(/^\$/, '\uFF04')
    .replace(/\./g, '\uFF0E')
    .replace(/\u0000/g, '');
}
