import { DepartmentModel } from '../../db/models/department.js';

/** Departments as `{ code, name }` (Vietnamese name), active ones first, for pickers and labels. */
export async function departmentChoices(options: { activeOnly?: boolean } = {}): Promise<{ code: string; name: string }[]> {
  const docs = await DepartmentModel.find(options.activeOnly ? { active: { $ne: false } } : {}, { code: 1, name: 1, active: 1 })
    .sort({ code: 1 })
    .lean();
  return docs.map((d) => ({ code: d.code, name: d.name?.vi ?? d.code }));
}
