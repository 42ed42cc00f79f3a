/**
 * `npm run content:check`: validates everything under `content/` (or the folder given as the first
 * argument) and prints either a short summary or every problem as `file: field: message`.
 * Exits 1 when the content is invalid, so CI and editors catch mistakes before the bot starts.
 */
import { ContentError, formatProblem, loadContent } from '../src/content/index.js';

const dir = process.argv[2] ?? 'content';

try {
  const content = loadContent(dir);
  const unconfirmedDocs = content.documents.filter((d) => d.confidence === 'unconfirmed').length;
  const unconfirmedFaq = content.faq.filter((e) => e.confidence === 'unconfirmed').length;
  console.log(
    `content OK: ${content.topics.length} topics, ${content.faq.length} FAQ entries, ${content.documents.length} documents ` +
      `(${unconfirmedDocs} documents and ${unconfirmedFaq} FAQ entries marked unconfirmed), ` +
      `${content.events.events.length} events, ${content.receptionSchedule.slots.length} reception slots` +
      (content.events.isSample || content.receptionSchedule.isSample ? ' — events/reception schedule are SAMPLE data' : ''),
  );
} catch (err) {
  if (!(err instanceof ContentError)) throw err;
  console.error(`content has ${err.problems.length} problem(s):`);
  for (const problem of err.problems) console.error(`  ${formatProblem(problem)}`);
  process.exitCode = 1;
}
