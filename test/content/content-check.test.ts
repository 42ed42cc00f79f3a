import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { checkContentFolder } from '../../src/content/check.js';
import { formatProblem } from '../../src/content/errors.js';
import { copyOfContent, readJson, setJson } from './content-copy.js';

const run = promisify(execFile);

interface Rules {
  rules: { key: string; departmentCode: string; keywords?: string[] }[];
}
interface Directory {
  departments: { code: string }[];
}

function reported(dir: string): string[] {
  return checkContentFolder(dir).problems.map(formatProblem);
}

describe('checkContentFolder on the shipped content', () => {
  it('when everything under content/ is checked, then there is no problem and the content is returned', () => {
    const { content, problems } = checkContentFolder('content');
    expect(problems.map(formatProblem)).toEqual([]);
    expect(content?.faq.length).toBeGreaterThanOrEqual(90);
  });
});

describe('checkContentFolder on broken files that the loader does not read', () => {
  it('when a routing rule names a department removed from the directory, then the rule field is named', () => {
    const dir = copyOfContent();
    const file = join(dir, 'routing-rules.json');
    const i = readJson<Rules>(file).rules.findIndex((r) => r.key === 'kw-shtt');
    setJson(file, `rules.${i}.departmentCode`, 'thanh-tra');
    expect(reported(dir)).toContain(`${file}: rules[${i}].departmentCode: department "thanh-tra" is not in departments.json`);
  });

  it('when two departments share a code and a rule has neither topic nor keywords, then both are named', () => {
    const dir = copyOfContent();
    const departments = join(dir, 'departments.json');
    const rules = join(dir, 'routing-rules.json');
    setJson(departments, 'departments.1.code', readJson<Directory>(departments).departments[0]!.code);
    setJson(rules, 'rules.0.topic', undefined);
    setJson(rules, 'rules.0.keywords', undefined);
    const problems = reported(dir);
    expect(problems).toContain(`${departments}: departments[1].code: duplicate department code "${readJson<Directory>(departments).departments[0]!.code}"`);
    expect(problems).toContain(`${rules}: rules[0]: a rule needs a topic or keywords`);
  });

  it('when the unit that handles complaints is missing from the directory, then the directory is rejected', () => {
    const dir = copyOfContent();
    const file = join(dir, 'departments.json');
    const departments = readJson<Directory>(file).departments.filter((d) => d.code !== 'tiep-cong-dan');
    setJson(file, 'departments', departments);
    const problems = reported(dir);
    expect(problems).toContain(`${file}: departments: department "tiep-cong-dan" is missing; routing falls back to it`);
    expect(problems).toContain(`${file}: departments: no department lists topic "khieu-nai-to-cao"`);
  });

  it('when a routing keyword is written with diacritics, then it is named with the form to use', () => {
    const dir = copyOfContent();
    const file = join(dir, 'routing-rules.json');
    const i = readJson<Rules>(file).rules.findIndex((r) => r.key === 'kw-shtt');
    setJson(file, `rules.${i}.keywords.0`, 'nhãn hiệu');
    expect(reported(dir)).toContain(`${file}: rules[${i}].keywords[0]: keyword "nhãn hiệu" must be written lowercase without diacritics ("nhan hieu")`);
  });

  it('when a phrase exists only in Vietnamese or its placeholders differ, then the English file and key are named', () => {
    const dir = copyOfContent();
    const en = join(dir, 'i18n', 'en', 'search.json');
    const vi = join(dir, 'i18n', 'vi', 'search.json');
    setJson(vi, 'only_vi', 'Chỉ có tiếng Việt');
    setJson(join(dir, 'i18n', 'en', 'shared.json'), 'citation_article', ', Article {{number}}');
    const problems = reported(dir);
    expect(problems).toContain(`${en}: only_vi: phrase is missing in English`);
    expect(problems).toContain(`${join(dir, 'i18n', 'en', 'shared.json')}: citation_article: placeholders differ from Vietnamese ({{article}} vs {{number}})`);
  });

  it('when a legal time limit does not name its article, then the source field is named', () => {
    const dir = copyOfContent();
    const file = join(dir, 'time-limits.json');
    setJson(file, 'kinds.complaint.sources.0.articles', undefined);
    expect(reported(dir)).toContain(`${file}: kinds.complaint.sources[0].articles: a legal time limit must name the article that sets it (e.g. "Điều 28")`);
  });

  it('when the working calendar is broken, then its own file and field are reported', () => {
    const dir = copyOfContent();
    const file = join(dir, 'calendar.json');
    setJson(file, 'timezone', 'Mars/Olympus');
    expect(reported(dir)).toContain(`${file}: timezone: must be an IANA time zone such as "Asia/Ho_Chi_Minh"`);
  });

  it('when npm run content:check meets a rule pointing at a removed department, then it prints the rule and exits with 1', async () => {
    const dir = copyOfContent();
    const file = join(dir, 'routing-rules.json');
    const rules = readJson<Rules>(file);
    rules.rules[0]!.departmentCode = 'thanh-tra';
    writeFileSync(file, JSON.stringify(rules, null, 2));
    const failure = await run(process.execPath, ['--import', 'tsx', 'scripts/content-check.ts', dir], { env: { ...process.env, LOG_LEVEL: 'silent' } }).then(
      () => undefined,
      (err: { code?: number; stderr?: string }) => err,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain('routing-rules.json: rules[0].departmentCode: department "thanh-tra" is not in departments.json');
  });

  it('when npm run content:check meets broken content, then it prints file and field and exits with 1', async () => {
    const dir = copyOfContent();
    setJson(join(dir, 'faq', 'do-luong.json'), 'entries.3.sources.0.document', 'TT-99');
    const failure = await run(process.execPath, ['--import', 'tsx', 'scripts/content-check.ts', dir], { env: { ...process.env, LOG_LEVEL: 'silent' } }).then(
      () => undefined,
      (err: { code?: number; stderr?: string }) => err,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain('faq/do-luong.json: entries[3].sources[0]: unknown document "TT-99"');
  });

  it('when npm run content:check meets the shipped content, then it reports the counts and exits with 0', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/content-check.ts'], { env: { ...process.env, LOG_LEVEL: 'silent' } });
    expect(stdout).toMatch(/content OK: 10 topics, \d+ FAQ entries/);
  });
});
