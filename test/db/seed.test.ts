import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { DepartmentModel } from '../../src/db/models/department.js';
import { RoutingRuleModel } from '../../src/db/models/routing-rule.js';
import { seedDirectory } from '../../src/db/seed.js';
import { connectDatabase, disconnectDatabase } from '../../src/db/connect.js';
import { useTestDatabase } from '../support/database.js';

const db = useTestDatabase('seed');
const seedFile = JSON.parse(readFileSync('content/departments.json', 'utf8')) as { departments: { code: string }[] };
const rulesFile = JSON.parse(readFileSync('content/routing-rules.json', 'utf8')) as { rules: unknown[] };

describe('seeding the department directory', () => {
  it('when seeded twice, then the second run changes nothing', async () => {
    const first = await seedDirectory();
    expect(first.departments.inserted).toBe(seedFile.departments.length);
    expect(first.rules.inserted).toBe(rulesFile.rules.length);
    const before = await DepartmentModel.find().sort({ code: 1 }).lean();

    const second = await seedDirectory();
    expect(second.departments).toEqual({ inserted: 0, updated: 0, keptStaffEdits: 0, unchanged: seedFile.departments.length });
    expect(second.rules.inserted + second.rules.updated).toBe(0);
    const after = await DepartmentModel.find().sort({ code: 1 }).lean();
    expect(after).toEqual(before);
  });

  it('when staff edited a department and a rule, then a restart and a new seed keep their edits', async () => {
    await seedDirectory();
    await DepartmentModel.updateOne(
      { code: 'tiep-cong-dan' },
      { $set: { 'name.vi': 'Tiếp công dân (đã cập nhật)', 'contacts.phone': '0221 3 999 999', editedAt: new Date(), editedBy: 'admin' } },
    );
    await RoutingRuleModel.updateOne({ key: 'kw-shtt' }, { $set: { departmentCode: 'van-phong', editedAt: new Date(), editedBy: 'admin' } });

    // A restart: a new connection, then the seed that runs on every start.
    await disconnectDatabase();
    await connectDatabase(db.uri);
    const report = await seedDirectory();

    expect(report.departments.keptStaffEdits).toBe(1);
    const desk = await DepartmentModel.findOne({ code: 'tiep-cong-dan' }).lean();
    expect(desk?.name?.vi).toBe('Tiếp công dân (đã cập nhật)');
    expect(desk?.contacts?.phone).toBe('0221 3 999 999');
    const rule = await RoutingRuleModel.findOne({ key: 'kw-shtt' }).lean();
    expect(rule?.departmentCode).toBe('van-phong');
  });

  it('when every seeded department is listed, then each is marked as sample data to replace', async () => {
    await seedDirectory();
    const departments = await DepartmentModel.find().lean();
    expect(departments.length).toBeGreaterThanOrEqual(8);
    expect(departments.every((d) => d.isSample)).toBe(true);
  });
});
