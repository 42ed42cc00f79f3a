/**
 * Splits a text into parts of at most `maxChars` code points, preferring a paragraph, then a
 * sentence, then a word boundary. The text is NFC-normalised first: decomposed Vietnamese is
 * about a quarter longer and platforms count composed characters.
 */
export function splitText(text: string, maxChars: number): string[] {
  const chars = [...text.normalize('NFC')];
  const parts: string[] = [];
  let start = 0;
  while (chars.length - start > maxChars) {
    const window = chars.slice(start, start + maxChars).join('');
    const cut = bestCut(window);
    const part = [...window].slice(0, cut).join('').trimEnd();
    parts.push(part);
    start += cut;
    while (start < chars.length && /\s/.test(chars[start]!)) start += 1;
  }
  const rest = chars.slice(start).join('').trim();
  if (rest.length > 0 || parts.length === 0) parts.push(rest);
  return parts;
}

/** Position (in code points) to cut a too-long window: the last good boundary in its second half. */
function bestCut(window: string): number {
  const points = [...window];
  const minCut = Math.floor(points.length / 2);
  const find = (re: RegExp): number => {
    for (let i = points.length - 1; i >= minCut; i -= 1) if (re.test(points[i]!)) return i + 1;
    return -1;
  };
  const paragraph = points.join('').lastIndexOf('\n\n');
  if (paragraph >= 0 && [...points.join('').slice(0, paragraph)].length >= minCut) return [...points.join('').slice(0, paragraph)].length + 2;
  const sentence = findSentenceEnd(points, minCut);
  if (sentence > 0) return sentence;
  const space = find(/\s/);
  return space > 0 ? space : points.length;
}

function findSentenceEnd(points: string[], minCut: number): number {
  for (let i = points.length - 2; i >= minCut; i -= 1) {
    if (/[.!?…;:]/.test(points[i]!) && /\s/.test(points[i + 1]!)) return i + 1;
  }
  return -1;
}
