import { isDuplicateKey } from '../../db/connect.js';
import { StaffModel } from '../../db/models/staff.js';
import { log } from '../../log.js';
import { writeAudit } from '../../services/audit.js';
import type { PasswordHasher } from './password.js';
import { normaliseUsername } from './staff-input.js';

const authLog = log.child({ module: 'console.auth' });

/**
 * Creates the first admin account from `ADMIN_USERNAME` / `ADMIN_PASSWORD` when no active
 * admin exists. Never changes an existing account (a password set later in the console is
 * not overwritten at the next start). Two instances starting together create it once.
 * Returns what it did.
 */
export async function ensureFirstAdmin(
  admin: { username?: string; password?: string },
  passwords: PasswordHasher,
  now = new Date(),
): Promise<'created' | 'exists' | 'not_configured' | 'name_taken'> {
  if (await StaffModel.exists({ role: 'admin', active: { $ne: false } })) return 'exists';
  if (!admin.username || !admin.password) {
    authLog.warn('no admin account exists: set ADMIN_USERNAME and ADMIN_PASSWORD to create the first one');
    return 'not_configured';
  }
  const username = normaliseUsername(admin.username);
  if (!username) {
    authLog.error({ username: admin.username }, 'ADMIN_USERNAME must be 3–64 characters of a–z, 0–9, dot, dash or underscore');
    return 'not_configured';
  }
  if (await StaffModel.exists({ username })) {
    authLog.error({ username }, 'ADMIN_USERNAME names an existing account that is not an active admin; it is left unchanged');
    return 'name_taken';
  }
  try {
    const created = await StaffModel.create({
      username,
      displayName: 'Quản trị hệ thống',
      passwordHash: await passwords.hash(admin.password),
      role: 'admin',
      active: true,
      passwordChangedAt: now,
    });
    await writeAudit(
      {
        actor: 'system',
        action: 'staff.create',
        targetType: 'staff',
        targetId: String(created._id),
        details: { username, role: 'admin', from: 'ADMIN_USERNAME' },
      },
      now,
    );
    authLog.info({ username }, 'first admin account created from ADMIN_USERNAME');
    return 'created';
  } catch (err) {
    if (isDuplicateKey(err)) return 'exists';
    throw err;
  }
}
