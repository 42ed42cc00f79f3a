import { randomBytes } from 'node:crypto';
import { DepartmentModel } from '../../db/models/department.js';
import { RoutingRuleModel } from '../../db/models/routing-rule.js';
import { InputError, NotFoundError } from '../../errors.js';
import { normalizeVietnamese } from '../../search/index.js';
import { writeAudit, type StaffActor } from '../../services/audit.js';

export interface RuleInput {
  topic?: string;
  keywords: string[];
  departmentCode: string;
  priority: number;
  active: boolean;
}

export interface RuleRow {
  key: string;
  topic?: string;
  keywords: string[];
  departmentCode: string;
  priority: number;
  active: boolean;
  editedAt?: Date;
  editedBy?: string;
}

/** Every routing rule, topic rules first, then by priority. */
export async function listRules(): Promise<RuleRow[]> {
  const docs = await RoutingRuleModel.find({}).lean();
  const rows = docs.map((r) => ({
    key: r.key,
    topic: r.topic ?? undefined,
    keywords: r.keywords ?? [],
    departmentCode: r.departmentCode,
    priority: r.priority ?? 0,
    active: r.active !== false,
    editedAt: r.editedAt ?? undefined,
    editedBy: r.editedBy ?? undefined,
  }));
  return rows.sort((a, b) => Number(Boolean(b.topic)) - Number(Boolean(a.topic)) || b.priority - a.priority || a.key.localeCompare(b.key));
}

async function checked(input: RuleInput): Promise<RuleInput> {
  if (!(await DepartmentModel.exists({ code: input.departmentCode }))) throw new InputError(`Không có phòng ban mã "${input.departmentCode}".`);
  if (!input.topic && input.keywords.length === 0) throw new InputError('Quy tắc cần một chủ đề hoặc ít nhất một từ khoá.');
  // Keywords are stored folded (no diacritics, lowercase), as routing compares them.
  const keywords = [...new Set(input.keywords.map((k) => normalizeVietnamese(k)).filter(Boolean))];
  return { ...input, keywords };
}

/**
 * Changes a routing rule and marks it edited (the seed leaves it alone). Routing reads the
 * rules on every ticket, so the change applies to the next one. Audited.
 */
export async function updateRule(key: string, input: RuleInput, actor: StaffActor, now = new Date()): Promise<void> {
  const before = await RoutingRuleModel.findOne({ key: String(key) }).lean();
  if (!before) throw new NotFoundError('Routing rule');
  const rule = await checked(input);
  const set: Record<string, unknown> = {
    keywords: rule.keywords,
    departmentCode: rule.departmentCode,
    priority: rule.priority,
    active: rule.active,
    editedAt: now,
    editedBy: actor.username,
  };
  const update: Record<string, unknown> = { $set: rule.topic ? { ...set, topic: rule.topic } : set };
  if (!rule.topic) update.$unset = { topic: 1 };
  await RoutingRuleModel.updateOne({ key: String(key) }, update);
  await writeAudit(
    {
      actor,
      action: 'routing_rule.update',
      targetType: 'routing_rule',
      targetId: key,
      details: {
        before: { topic: before.topic, keywords: before.keywords, departmentCode: before.departmentCode, priority: before.priority, active: before.active },
        after: { topic: rule.topic, keywords: rule.keywords, departmentCode: rule.departmentCode, priority: rule.priority, active: rule.active },
      },
    },
    now,
  );
}

/** Adds a routing rule under a new key; returns the key. Audited. */
export async function createRule(input: RuleInput, actor: StaffActor, now = new Date()): Promise<string> {
  const rule = await checked(input);
  const key = `console-${randomBytes(4).toString('hex')}`;
  await RoutingRuleModel.create({ key, ...rule, editedAt: now, editedBy: actor.username });
  await writeAudit({ actor, action: 'routing_rule.create', targetType: 'routing_rule', targetId: key, details: { ...rule } }, now);
  return key;
}
