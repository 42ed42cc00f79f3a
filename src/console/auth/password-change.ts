import { StaffModel } from '../../db/models/staff.js';
import { InputError } from '../../errors.js';
import { writeAudit } from '../../services/audit.js';
import { assertAcceptablePassword, verifyPassword, type PasswordHasher } from './password.js';
import { destroySessionsOf } from './session.js';
import type { ConsoleStaff } from './types.js';

/**
 * Changes the signed-in person's own password after checking the current one. Every other
 * session of the account is ended (the current one stays). Audited, never the password.
 */
export async function changeOwnPassword(
  passwords: PasswordHasher,
  staff: ConsoleStaff,
  sessionId: string,
  current: string,
  next: string,
  confirm: string,
  now = new Date(),
): Promise<void> {
  const doc = await StaffModel.findById(staff.id, { passwordHash: 1 }).lean();
  if (!doc || !(await verifyPassword(current, doc.passwordHash))) throw new InputError('Mật khẩu hiện tại không đúng.', 400, 'wrong_password');
  if (next !== confirm) throw new InputError('Hai lần nhập mật khẩu mới không khớp.');
  if (next === current) throw new InputError('Mật khẩu mới phải khác mật khẩu hiện tại.');
  assertAcceptablePassword(next);
  await StaffModel.updateOne({ _id: doc._id }, { $set: { passwordHash: await passwords.hash(next), passwordChangedAt: now } });
  const ended = await destroySessionsOf(staff.id, sessionId);
  await writeAudit({ actor: staff, action: 'staff.password_change', targetType: 'staff', targetId: staff.id, details: { otherSessionsEnded: ended } }, now);
}
