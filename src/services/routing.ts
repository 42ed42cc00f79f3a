import { DepartmentModel } from '../db/models/department.js';
import { RoutingRuleModel } from '../db/models/routing-rule.js';
import type { TicketKind } from '../db/models/ticket.js';
import { log } from '../log.js';
import { normalizeVietnamese as fold } from '../search/normalize.js';

const routingLog = log.child({ module: 'routing' });

/** The office (Văn phòng Sở) answers whatever no rule claims. */
export const DEFAULT_DEPARTMENT_CODE = 'van-phong';
/**
 * The unit that receives citizens and handles complaints and denunciations for the Director, who
 * settles them (Law on Complaints Art. 20). Department inspectorates no longer exist since the Law on
 * Inspection No. 84/2025/QH15; the shipped directory calls this unit `tiep-cong-dan`.
 */
export const COMPLAINTS_DEPARTMENT_CODE = 'tiep-cong-dan';
/** Topic whose rule names the unit that handles complaints. */
export const COMPLAINTS_TOPIC = 'khieu-nai-to-cao';
/** Kinds that go to that unit whatever their topic or wording (Law on Complaints, Law on Denunciations). */
const COMPLAINT_KINDS: readonly TicketKind[] = ['complaint', 'denunciation'];

export interface RouteInput {
  topic?: string;
  text: string;
  kind: TicketKind;
}

export interface RouteDecision {
  departmentCode: string;
  reason: 'topic' | 'keyword' | 'kind' | 'default';
  /** Key of the rule that decided, when one did. */
  ruleKey?: string;
  /** The keywords of that rule found in the text (folded), for `keyword` decisions. */
  matchedKeywords?: string[];
}

interface RuleRow {
  key: string;
  topic?: string | null;
  keywords: string[];
  departmentCode: string;
  priority: number;
}

function byPriority(a: RuleRow, b: RuleRow): number {
  return b.priority - a.priority || a.key.localeCompare(b.key);
}

async function loadActiveRules(): Promise<RuleRow[]> {
  const [rules, departments] = await Promise.all([
    RoutingRuleModel.find({ active: { $ne: false } }, { key: 1, topic: 1, keywords: 1, departmentCode: 1, priority: 1 }).lean(),
    DepartmentModel.find({}, { code: 1, active: 1 }).lean(),
  ]);
  const activeCodes = new Set(departments.filter((d) => d.active !== false).map((d) => d.code));
  const rows: RuleRow[] = rules.map((r) => ({
    key: r.key,
    topic: r.topic,
    keywords: (r.keywords ?? []).map(fold).filter((k) => k.length > 0),
    departmentCode: r.departmentCode,
    priority: r.priority ?? 0,
  }));
  // With no directory loaded yet, rules are trusted as written; otherwise a rule naming a
  // missing or inactive department would strand tickets, so it is skipped and reported.
  if (departments.length === 0) return rows;
  return rows.filter((r) => {
    if (activeCodes.has(r.departmentCode)) return true;
    routingLog.warn({ ruleKey: r.key, departmentCode: r.departmentCode }, 'routing rule names a missing or inactive department; skipped');
    return false;
  });
}

function topicRule(rules: RuleRow[], topic: string | undefined): RuleRow | undefined {
  if (!topic) return undefined;
  return rules.filter((r) => r.topic === topic).sort(byPriority)[0];
}

function keywordMatch(rules: RuleRow[], text: string): { rule: RuleRow; matched: string[] } | undefined {
  const haystack = ` ${fold(text)} `;
  const candidates = rules.map((rule) => ({ rule, matched: rule.keywords.filter((k) => haystack.includes(` ${k} `)) })).filter((c) => c.matched.length > 0);
  candidates.sort((a, b) => byPriority(a.rule, b.rule) || b.matched.length - a.matched.length);
  return candidates[0];
}

/**
 * Decides which department answers a ticket, from the active routing rules in the database
 * (read on every call, so a rule changed in the console applies to the next ticket):
 * complaints and denunciations go to the unit that handles them (the rule for topic `khieu-nai-to-cao`,
 * else {@link COMPLAINTS_DEPARTMENT_CODE}); otherwise the highest-priority rule for the topic; otherwise
 * the highest-priority rule with a keyword found in the question (accent-insensitive, whole
 * words); otherwise the office. Rules pointing at a missing or inactive department are ignored.
 */
export async function routeTicket(input: RouteInput): Promise<RouteDecision> {
  const rules = await loadActiveRules();
  if (COMPLAINT_KINDS.includes(input.kind)) {
    const rule = topicRule(rules, COMPLAINTS_TOPIC);
    return rule ? { departmentCode: rule.departmentCode, reason: 'kind', ruleKey: rule.key } : { departmentCode: COMPLAINTS_DEPARTMENT_CODE, reason: 'kind' };
  }
  const byTopic = topicRule(rules, input.topic);
  if (byTopic) return { departmentCode: byTopic.departmentCode, reason: 'topic', ruleKey: byTopic.key };
  const byKeyword = keywordMatch(rules, input.text);
  if (byKeyword) {
    return { departmentCode: byKeyword.rule.departmentCode, reason: 'keyword', ruleKey: byKeyword.rule.key, matchedKeywords: byKeyword.matched };
  }
  return { departmentCode: DEFAULT_DEPARTMENT_CODE, reason: 'default' };
}
