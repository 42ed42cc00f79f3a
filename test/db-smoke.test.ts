import { describe, expect, it } from 'vitest';
import { DepartmentModel } from '../src/db/models/department.js';
import { useTestDatabase } from './support/database.js';

useTestDatabase('smoke');

describe('database', () => {
  it('when a department code is used twice, then the second insert is rejected', async () => {
    await DepartmentModel.create({ code: 'vp', name: { vi: 'Văn phòng', en: 'Office' } });
    await expect(DepartmentModel.create({ code: 'vp', name: { vi: 'Khác', en: 'Other' } })).rejects.toMatchObject({ code: 11000 });
  });
});
