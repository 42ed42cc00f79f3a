import { isDuplicateKey } from '../../db/connect.js';
import { DepartmentModel } from '../../db/models/department.js';
import { InputError, NotFoundError } from '../../errors.js';
import { writeAudit, type StaffActor } from '../../services/audit.js';

export interface DepartmentInput {
  nameVi: string;
  nameEn: string;
  topics: string[];
  email?: string;
  phone?: string;
  address?: string;
  hours?: string;
  active: boolean;
}

export interface DepartmentRow {
  code: string;
  name: { vi: string; en: string };
  topics: string[];
  contacts: { email?: string; phone?: string; address?: string; hours?: string };
  active: boolean;
  isSample: boolean;
  editedAt?: Date;
  editedBy?: string;
}

/** Every department, by code. */
export async function listDepartments(): Promise<DepartmentRow[]> {
  const docs = await DepartmentModel.find({}).sort({ code: 1 }).lean();
  return docs.map((d) => ({
    code: d.code,
    name: { vi: d.name?.vi ?? d.code, en: d.name?.en ?? d.code },
    topics: d.topics ?? [],
    contacts: {
      email: d.contacts?.email ?? undefined,
      phone: d.contacts?.phone ?? undefined,
      address: d.contacts?.address ?? undefined,
      hours: d.contacts?.hours ?? undefined,
    },
    active: d.active !== false,
    isSample: d.isSample === true,
    editedAt: d.editedAt ?? undefined,
    editedBy: d.editedBy ?? undefined,
  }));
}

function toSet(input: DepartmentInput, actor: StaffActor, now: Date): Record<string, unknown> {
  if (input.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.email)) throw new InputError('Email không hợp lệ.');
  if (input.phone && !/^\+?[0-9 .()-]{6,30}$/.test(input.phone)) throw new InputError('Số điện thoại không hợp lệ.');
  return {
    name: { vi: input.nameVi, en: input.nameEn },
    topics: input.topics,
    contacts: { email: input.email, phone: input.phone, address: input.address, hours: input.hours },
    active: input.active,
    isSample: false,
    editedAt: now,
    editedBy: actor.username,
  };
}

/**
 * Changes a department. Marks it edited (`editedAt`, `editedBy`), so the seed never
 * overwrites it again; routing reads departments on every ticket, so it applies at once.
 * Audited with the fields before and after.
 */
export async function updateDepartment(code: string, input: DepartmentInput, actor: StaffActor, now = new Date()): Promise<void> {
  const before = await DepartmentModel.findOne({ code: String(code) }).lean();
  if (!before) throw new NotFoundError('Department');
  const set = toSet(input, actor, now);
  await DepartmentModel.updateOne({ code: String(code) }, { $set: set });
  await writeAudit(
    {
      actor,
      action: 'department.update',
      targetType: 'department',
      targetId: code,
      details: {
        before: { name: before.name, topics: before.topics, contacts: before.contacts, active: before.active },
        after: { name: set.name, topics: set.topics, contacts: set.contacts, active: set.active },
      },
    },
    now,
  );
}

/** Adds a department with a new code. Audited. */
export async function createDepartment(code: string, input: DepartmentInput, actor: StaffActor, now = new Date()): Promise<void> {
  try {
    await DepartmentModel.create({ code, ...toSet(input, actor, now) });
  } catch (err) {
    if (isDuplicateKey(err)) throw new InputError(`Mã phòng "${code}" đã có.`, 409, 'department_exists');
    throw err;
  }
  await writeAudit(
    {
      actor,
      action: 'department.create',
      targetType: 'department',
      targetId: code,
      details: { name: { vi: input.nameVi, en: input.nameEn }, topics: input.topics },
    },
    now,
  );
}
