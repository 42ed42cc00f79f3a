import { isDuplicateKey } from '../../db/connect.js';
import { DepartmentModel } from '../../db/models/department.js';
import { StaffModel, type StaffRole } from '../../db/models/staff.js';
import { InputError, NotFoundError } from '../../errors.js';
import { writeAudit, type StaffActor } from '../../services/audit.js';
import { assertAcceptablePassword, type PasswordHasher } from '../auth/password.js';
import { destroySessionsOf } from '../auth/session.js';
import { accountKey, activeLocks, clearThrottle } from '../auth/throttle.js';

export interface StaffRow {
  id: string;
  username: string;
  displayName: string;
  role: StaffRole;
  departmentCode?: string;
  email?: string;
  active: boolean;
  lockedUntil?: Date;
}

/** Every staff account, with any sign-in lock in force. */
export async function listStaff(now = new Date()): Promise<StaffRow[]> {
  const docs = await StaffModel.find({}, { passwordHash: 0 }).sort({ username: 1 }).lean();
  const locks = await activeLocks(
    docs.map((d) => accountKey(d.username)),
    now,
  );
  return docs.map((d) => ({
    id: String(d._id),
    username: d.username,
    displayName: d.displayName,
    role: d.role,
    departmentCode: d.departmentCode ?? undefined,
    email: d.email ?? undefined,
    active: d.active !== false,
    lockedUntil: locks.get(accountKey(d.username)),
  }));
}

export interface StaffInput {
  displayName: string;
  role: StaffRole;
  departmentCode?: string;
  email?: string;
  active: boolean;
}

async function checkedInput(input: StaffInput): Promise<StaffInput> {
  if (input.role !== 'admin' && !input.departmentCode) throw new InputError('Lãnh đạo phòng, chuyên viên và biên tập viên phải thuộc một phòng ban.');
  if (input.departmentCode && !(await DepartmentModel.exists({ code: input.departmentCode })))
    throw new InputError(`Không có phòng ban mã "${input.departmentCode}".`);
  if (input.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.email)) throw new InputError('Email không hợp lệ.');
  return input;
}

async function assertAnotherAdminRemains(staffId: string): Promise<void> {
  const others = await StaffModel.countDocuments({ role: 'admin', active: { $ne: false }, _id: { $ne: staffId } });
  if (others === 0) throw new InputError('Đây là tài khoản quản trị cuối cùng đang hoạt động; hãy tạo một quản trị khác trước.', 409, 'last_admin');
}

/** Creates an account with an initial password. Audited (never the password). */
export async function createStaff(
  passwords: PasswordHasher,
  username: string,
  password: string,
  input: StaffInput,
  actor: StaffActor,
  now = new Date(),
): Promise<string> {
  assertAcceptablePassword(password);
  const data = await checkedInput(input);
  try {
    const created = await StaffModel.create({
      username,
      displayName: data.displayName,
      role: data.role,
      departmentCode: data.departmentCode,
      email: data.email,
      active: data.active,
      passwordHash: await passwords.hash(password),
      passwordChangedAt: now,
    });
    const id = String(created._id);
    await writeAudit(
      { actor, action: 'staff.create', targetType: 'staff', targetId: id, details: { username, role: data.role, departmentCode: data.departmentCode } },
      now,
    );
    return id;
  } catch (err) {
    if (isDuplicateKey(err)) throw new InputError(`Tên đăng nhập "${username}" đã có.`, 409, 'username_taken');
    throw err;
  }
}

/**
 * Changes an account's name, role, department, email or active state; applies to its open
 * sessions at once (they read the account on every request), and a deactivated account's
 * sessions are ended. The last active admin cannot be demoted or deactivated. Audited.
 */
export async function updateStaff(id: string, input: StaffInput, actor: StaffActor, now = new Date()): Promise<void> {
  const before = await StaffModel.findById(String(id), { passwordHash: 0 }).lean();
  if (!before) throw new NotFoundError('Staff');
  const data = await checkedInput(input);
  const losesAdmin = before.role === 'admin' && before.active !== false && (data.role !== 'admin' || !data.active);
  if (losesAdmin) await assertAnotherAdminRemains(String(before._id));
  const update: Record<string, unknown> = {
    $set: {
      displayName: data.displayName,
      role: data.role,
      active: data.active,
      ...(data.departmentCode ? { departmentCode: data.departmentCode } : {}),
      ...(data.email ? { email: data.email } : {}),
    },
  };
  const unset: Record<string, 1> = {};
  if (!data.departmentCode) unset.departmentCode = 1;
  if (!data.email) unset.email = 1;
  if (Object.keys(unset).length > 0) update.$unset = unset;
  await StaffModel.updateOne({ _id: before._id }, update);
  if (!data.active) await destroySessionsOf(String(before._id));
  await writeAudit(
    {
      actor,
      action: 'staff.update',
      targetType: 'staff',
      targetId: String(before._id),
      details: {
        username: before.username,
        before: { displayName: before.displayName, role: before.role, departmentCode: before.departmentCode, active: before.active !== false },
        after: { displayName: data.displayName, role: data.role, departmentCode: data.departmentCode, active: data.active },
      },
    },
    now,
  );
}

/** Sets a new password for an account (an admin's reset) and ends its sessions. Audited. */
export async function resetStaffPassword(passwords: PasswordHasher, id: string, password: string, actor: StaffActor, now = new Date()): Promise<void> {
  assertAcceptablePassword(password);
  const doc = await StaffModel.findById(String(id), { username: 1 }).lean();
  if (!doc) throw new NotFoundError('Staff');
  await StaffModel.updateOne({ _id: doc._id }, { $set: { passwordHash: await passwords.hash(password), passwordChangedAt: now } });
  await destroySessionsOf(String(doc._id));
  await clearThrottle(accountKey(doc.username));
  await writeAudit({ actor, action: 'staff.password_reset', targetType: 'staff', targetId: String(doc._id), details: { username: doc.username } }, now);
}

/** Lifts a sign-in lock on an account. Audited. */
export async function unlockStaff(id: string, actor: StaffActor, now = new Date()): Promise<void> {
  const doc = await StaffModel.findById(String(id), { username: 1 }).lean();
  if (!doc) throw new NotFoundError('Staff');
  await clearThrottle(accountKey(doc.username));
  await writeAudit({ actor, action: 'staff.unlock', targetType: 'staff', targetId: String(doc._id), details: { username: doc.username } }, now);
}
