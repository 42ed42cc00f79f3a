// Benchmark 3: FAQ search. Latency per query of the project's search (MiniSearch over folded and
// exact Vietnamese, src/search) over 100, 1,000 and 10,000 entries, against a plain linear
// scan over folded text. The entries beyond the real FAQ are variations of it: the same
// questions and answers about another product, place or year, with the words of each
// sentence in a new order now and then, so the vocabulary and posting lists grow as a
// larger FAQ's would.
import { loadContent, type Content, type FaqEntry } from '../src/content/index.js';
import { createSearchIndex, normalizeVietnamese } from '../src/search/index.js';
import { QUALITY_QUERIES } from '../test/search/quality-queries.js';
import type { BenchContext } from './lib/context.js';
import { markdownTable, num, ratio } from './lib/format.js';
import { summarize, type LatencySummary } from './lib/stats.js';

const SIZES = [100, 1_000, 10_000] as const;

const PRODUCTS = [
  'mũ bảo hiểm',
  'đồ chơi trẻ em',
  'thép làm cốt bê tông',
  'xăng dầu',
  'cân điện tử',
  'khí dầu mỏ hóa lỏng',
  'phân bón',
  'thức ăn chăn nuôi',
  'dây cáp điện',
  'bình gas mini',
  'nước mắm',
  'gạo ST25',
  'cà phê bột',
  'chè búp khô',
  'sữa bột',
  'xi măng',
  'gạch ốp lát',
  'kính xây dựng',
  'ổ cắm điện',
  'quạt điện',
  'nồi cơm điện',
  'máy sấy tóc',
  'bếp hồng ngoại',
  'đồng hồ nước',
  'công tơ điện',
  'taxi đồng hồ',
  'cột đo xăng',
  'nhiệt kế y tế',
  'huyết áp kế',
  'cân ô tô',
];
const PLACES = [
  'phường Tân An',
  'xã Hòa Bình',
  'thị trấn Phú Lộc',
  'xã Thạnh Mỹ',
  'phường Bến Thủy',
  'xã Quỳnh Lưu',
  'phường Đông Hà',
  'xã Cẩm Xuyên',
  'thị xã Hương Trà',
  'xã Điện Bàn',
  'phường Hội An',
  'xã Núi Thành',
  'xã Tiên Phước',
  'phường Tam Kỳ',
  'xã Đại Lộc',
  'xã Nông Sơn',
  'xã Phước Sơn',
  'phường An Khê',
  'xã Đắk Tô',
  'xã Sa Thầy',
];
const YEARS = ['2025', '2026', '2027'];

/** Entry `k` of a synthetic FAQ of any size: the real FAQ first, then variations of it. */
function syntheticFaq(real: FaqEntry[], size: number): FaqEntry[] {
  const entries: FaqEntry[] = real.slice(0, size);
  for (let k = real.length; k < size; k += 1) {
    const base = real[k % real.length]!;
    const product = PRODUCTS[k % PRODUCTS.length]!;
    const place = PLACES[Math.floor(k / PRODUCTS.length) % PLACES.length]!;
    const year = YEARS[k % YEARS.length]!;
    const shuffle = (text: string) => (k % 3 === 0 ? text.split(' ').reverse().join(' ') : text);
    entries.push({
      ...base,
      id: `${base.id}-v${k}`,
      question: { vi: `${base.question.vi.replace(/\?$/, '')} đối với ${product} tại ${place}?`, en: `${base.question.en} (${product}, ${year})` },
      answer: { vi: `${shuffle(base.answer.vi)} Áp dụng cho ${product} tại ${place} năm ${year}.`, en: base.answer.en },
      alternatives: { vi: [...(base.alternatives?.vi ?? []).map(shuffle), `${product} ${place}`], en: base.alternatives?.en ?? [] },
      keywords: [...(base.keywords ?? []), product],
    });
  }
  return entries;
}

/** The baseline: every entry's folded text, scanned in full for every query word. */
function linearScan(faq: FaqEntry[]): (query: string) => string[] {
  const texts = faq.map((e) => ({
    id: e.id,
    text: ` ${normalizeVietnamese([e.question.vi, ...(e.alternatives?.vi ?? []), ...(e.keywords ?? []), e.answer.vi].join(' '))} `,
  }));
  return (query) => {
    const words = [
      ...new Set(
        normalizeVietnamese(query)
          .split(' ')
          .filter((w) => w.length > 1),
      ),
    ];
    const scored: { id: string; score: number }[] = [];
    for (const { id, text } of texts) {
      let score = 0;
      for (const w of words) if (text.includes(` ${w} `)) score += 1;
      if (score > 0) scored.push({ id, score });
    }
    return scored
      .sort((a, b) => b.score - a.score)
      .slice(0, 5)
      .map((s) => s.id);
  };
}

/** Realistic questions: the quality set, plus each real question typed without diacritics. */
function queries(real: FaqEntry[]): { text: string; expected?: string[] }[] {
  return [
    ...QUALITY_QUERIES.filter((q) => (q.language ?? 'vi') === 'vi').map((q) => ({ text: q.query, expected: q.expected })),
    ...real.map((e) => ({ text: normalizeVietnamese(e.question.vi) })),
  ];
}

/** Times every query, round after round, until `rounds` rounds or `budgetMs` (at least one round). */
function time(run: (q: string) => unknown, list: { text: string }[], rounds: number, budgetMs: number): LatencySummary {
  for (const q of list) run(q.text); // warm the JIT and caches
  const samples: number[] = [];
  const deadline = performance.now() + budgetMs;
  for (let r = 0; r < rounds && (r === 0 || performance.now() < deadline); r += 1) {
    for (const q of list) {
      const t0 = performance.now();
      run(q.text);
      samples.push(performance.now() - t0);
    }
  }
  return summarize(samples);
}

export function benchSearch(ctx: BenchContext): void {
  const content: Content = loadContent('content');
  const list = queries(content.faq);
  const rounds = ctx.quick ? 3 : 10;
  const rows: (string | number)[][] = [];
  let at10k: { ours: LatencySummary; scan: LatencySummary } | undefined;
  for (const size of SIZES) {
    const faq = syntheticFaq(content.faq, size);
    const t0 = performance.now();
    const index = createSearchIndex({ faq, topics: content.topics });
    const buildMs = performance.now() - t0;
    const scan = linearScan(faq);
    const oursTime = time((q) => index.search(q, { language: 'vi' }), list, rounds, 10_000);
    const scanTime = time(scan, list, rounds, 3_000);
    // Quality on the questions with a known answer: is one of them (or a variation of it) in the top 3?
    const judged = list.filter((q) => q.expected);
    const answers = (id: string, expected: string[]) => expected.some((e) => id === e || id.startsWith(`${e}-v`));
    const hits = (find: (q: string) => string[]) =>
      judged.filter((q) =>
        find(q.text)
          .slice(0, 3)
          .some((id) => answers(id, q.expected!)),
      ).length;
    const oursHits = hits((q) => index.search(q, { language: 'vi' }).map((h) => h.id));
    const scanHits = hits(scan);
    rows.push([
      size,
      num(buildMs),
      num(oursTime.p50, 3),
      num(oursTime.p99, 3),
      num(oursTime.max, 2),
      num(scanTime.p50, 3),
      num(scanTime.p99, 3),
      `${oursHits}/${judged.length}`,
      `${scanHits}/${judged.length}`,
    ]);
    ctx.say(
      `  ${String(size).padStart(6)} entries: index built in ${num(buildMs)} ms; search p50 ${num(oursTime.p50, 3)} ms, p99 ${num(oursTime.p99, 3)} ms; linear scan p50 ${num(scanTime.p50, 3)} ms, p99 ${num(scanTime.p99, 3)} ms (${oursTime.count} queries each)`,
    );
    if (size === 10_000) at10k = { ours: oursTime, scan: scanTime };
  }
  ctx.say('');
  ctx.say(
    markdownTable(
      [
        'entries',
        'index build ms',
        'search p50 ms',
        'search p99 ms',
        'search max ms',
        'scan p50 ms',
        'scan p99 ms',
        'right answer in top 3 (search)',
        '(scan)',
      ],
      rows,
    ),
  );
  if (at10k) {
    ctx.summary.push({
      benchmark: 'FAQ search',
      measure: 'p99 per query, 10,000 entries (ms)',
      value: num(at10k.ours.p99, 3),
      baseline: `linear scan ${num(at10k.scan.p99, 3)} ms`,
      ratio: ratio(at10k.ours.p99, at10k.scan.p99),
      target: '< 2 ms',
      met: at10k.ours.p99 < 2 ? 'yes' : 'no',
    });
  }
}
