import { DepartmentModel } from '../../src/db/models/department.js';
import type { Language } from '../../src/domain/vocabulary.js';

/** The department's name as the person should read it; its code when the directory lacks it. */
export async function departmentName(code: string, language: Language): Promise<string> {
  const department = await DepartmentModel.findOne({ code: String(code) }, { name: 1 }).lean();
  return department?.name?.[language] || department?.name?.vi || code;
}
