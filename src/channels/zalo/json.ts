/**
 * Parses JSON from Zalo keeping long integers exact: ids exceed 2^53 and one source saw them
 * unquoted, which `JSON.parse` would silently round. Integer tokens of 16 or more digits
 * outside strings are read as strings. Throws `SyntaxError` like `JSON.parse` for bad input.
 */
export function parseZaloJson(text: string): unknown {
  return JSON.parse(quoteLongIntegers(text));
}

function quoteLongIntegers(text: string): string {
  // Fast path: no run of 16 digits anywhere means nothing can lose precision.
  if (!/\d{16}/.test(text)) return text;
  let out = '';
  let i = 0;
  let inString = false;
  while (i < text.length) {
    const ch = text[i]!;
    if (inString) {
      out += ch;
      if (ch === '\\') {
        out += text[i + 1] ?? '';
        i += 2;
        continue;
      }
      if (ch === '"') inString = false;
      i += 1;
      continue;
    }
    if (ch === '"') {
      inString = true;
      out += ch;
      i += 1;
      continue;
    }
    if (ch === '-' || (ch >= '0' && ch <= '9')) {
      const token = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400))?.[0] ?? ch;
      const isLongInteger = /^-?\d{16,}$/.test(token);
      out += isLongInteger ? `"${token}"` : token;
      i += token.length;
      continue;
    }
    out += ch;
    i += 1;
  }
  return out;
}
