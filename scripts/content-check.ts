/**
 * `npm run content:check`: validates everything under `content/` (or the folder given as the first
 * argument): topics, FAQ and their citations, the legal-document catalogue, events, the reception
 * schedule, the department directory and routing rules, the working calendar, the ticket time limits
 * and the bot phrases. Prints either a short summary or every problem as `file: field: message`.
 * Exits 1 when anything is invalid, so CI and editors catch mistakes before the bot starts.
 */
import { checkContentFolder, formatProblem } from '../src/content/index.js';

const dir = process.argv[2] ?? 'content';
const { content, problems } = checkContentFolder(dir);

if (content && problems.length === 0) {
  const unconfirmedDocs = content.documents.filter((d) => d.confidence === 'unconfirmed').length;
  const unconfirmedFaq = content.faq.filter((e) => e.confidence === 'unconfirmed').length;
  const citingArticle = content.faq.filter((e) => e.sources.some((s) => s.article !== undefined)).length;
  console.log(
    `content OK: ${content.topics.length} topics, ${content.faq.length} FAQ entries (${citingArticle} citing an article), ${content.documents.length} documents ` +
      `(${unconfirmedDocs} documents and ${unconfirmedFaq} FAQ entries marked unconfirmed), ` +
      `${content.events.events.length} events, ${content.receptionSchedule.slots.length} reception slots; directory, routing rules, calendar, time limits and phrases checked` +
      (content.events.isSample || content.receptionSchedule.isSample ? ' — events/reception schedule are SAMPLE data' : ''),
  );
} else {
  console.error(`content has ${problems.length} problem(s):`);
  for (const problem of problems) console.error(`  ${formatProblem(problem)}`);
  process.exitCode = 1;
}
