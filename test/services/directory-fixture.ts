import { readFileSync } from 'node:fs';
import { DepartmentModel } from '../../src/db/models/department.js';
import { RoutingRuleModel } from '../../src/db/models/routing-rule.js';

interface DepartmentEntry {
  code: string;
  topics: string[];
  [field: string]: unknown;
}
interface RuleEntry {
  key: string;
  topic?: string;
  keywords?: string[];
  departmentCode: string;
  priority?: number;
}

/** The department directory shipped in content/departments.json. */
export function shippedDepartments(): DepartmentEntry[] {
  return (JSON.parse(readFileSync('content/departments.json', 'utf8')) as { departments: DepartmentEntry[] }).departments;
}

/** The routing rules shipped in content/routing-rules.json. */
function shippedRules(): RuleEntry[] {
  return (JSON.parse(readFileSync('content/routing-rules.json', 'utf8')) as { rules: RuleEntry[] }).rules;
}

/** Loads the shipped directory and rules into the test database, as a fresh install would. */
export async function seedShippedDirectory(): Promise<void> {
  await DepartmentModel.insertMany(shippedDepartments());
  await RoutingRuleModel.insertMany(shippedRules());
}
