// Summarises a V8 CPU profile (from `npm run bench -- --cpu-prof=DIR`): where the process
// spent its time, by package or project folder and by function (self time).
//   node --import tsx bench/profile-summary.ts DIR/service-e2e-….cpuprofile [top] [--after=SECONDS]
// --after leaves out the first seconds of the profile (start-up: loading modules, content, indexes).
import { readFileSync } from 'node:fs';
import { markdownTable, num } from './lib/format.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const afterArg = process.argv.slice(2).find((a) => a.startsWith('--after='));
const file = args[0];
if (!file) {
  console.error('usage: node --import tsx bench/profile-summary.ts <file.cpuprofile> [top] [--after=SECONDS]');
  process.exit(2);
}
const top = Number(args[1] ?? 25);
const afterUs = afterArg ? Number(afterArg.slice('--after='.length)) * 1e6 : 0;
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map<number, number>();
let at = 0;
profile.samples.forEach((id, i) => {
  const delta = profile.timeDeltas[i] ?? 0;
  at += delta;
  if (at >= afterUs) selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
});
const totalUs = profile.endTime - profile.startTime - afterUs;

/** `mongodb`, `botkit`, `src/inbox`, `(garbage collector)`, … */
function area(url: string, name: string): string {
  if (!url) return `(${name || 'program'})`.replace(/^\(\((.*)\)\)$/, '($1)');
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith('node:')) return url;
  const project = /\/(src|flows|bench)\/(.*)$/.exec(url);
  if (project) return `${project[1]}/${project[2]!.split('/').slice(0, -1).join('/') || project[2]}`;
  return url;
}

const areas = new Map<string, number>();
const functions = new Map<string, number>();
for (const [id, us] of selfUs) {
  const node = byId.get(id)!;
  const { functionName, url, lineNumber } = node.callFrame;
  const a = area(url, functionName);
  areas.set(a, (areas.get(a) ?? 0) + us);
  const key = `${functionName || '(anonymous)'} ${url ? `${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/(src|flows|bench)\//, '$1/')}:${lineNumber + 1}` : ''}`;
  functions.set(key, (functions.get(key) ?? 0) + us);
}
const sampled = [...selfUs.values()].reduce((a, b) => a + b, 0);
const idle = [...selfUs].filter(([id]) => byId.get(id)!.callFrame.functionName === '(idle)').reduce((n, [, us]) => n + us, 0);
console.log(`${file}: ${num(totalUs / 1e6)} s profiled, ${num(((sampled - idle) / totalUs) * 100, 0)} % busy\n`);
const rows = (m: Map<string, number>) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, us]) => [k, num(us / 1000), `${num((us / (sampled - idle)) * 100, 1)} %`]);
areas.delete('(idle)');
functions.delete('(idle) ');
console.log(markdownTable(['where (self time)', 'ms', 'share of busy time'], rows(areas)));
console.log();
console.log(markdownTable(['function (self time)', 'ms', 'share of busy time'], rows(functions)));
