import { STAFF_ROLES } from '../../db/models/staff.js';
import type { ConsoleStaff } from '../auth/types.js';
import type { StaffRow } from '../admin/staff.js';
import { MIN_PASSWORD_LENGTH } from '../auth/password.js';
import { checkedIf, csrfInput, selectField } from './components.js';
import type { ConsoleDisplay } from './display.js';
import { CONSOLE_BASE, html, layout, roleLabel, type Flash, type SafeHtml } from './layout.js';

type Departments = { code: string; name: string }[];

function fields(s: Partial<StaffRow>, idPrefix: string, departments: Departments): SafeHtml {
  return html`<label for="${idPrefix}-name">Họ tên</label><input id="${idPrefix}-name" name="displayName" required maxlength="200" value="${s.displayName ?? ''}">
<label for="${idPrefix}-role">Vai trò</label>${selectField(
    'role',
    STAFF_ROLES.map((r) => ({ value: r, label: roleLabel(r) })),
    s.role ?? 'officer',
    { id: `${idPrefix}-role`, required: true },
  )}
<label for="${idPrefix}-dept">Phòng ban (bắt buộc với lãnh đạo phòng và chuyên viên)</label>${selectField(
    'departmentCode',
    departments.map((d) => ({ value: d.code, label: d.name })),
    s.departmentCode,
    { id: `${idPrefix}-dept`, empty: '— Không —' },
  )}
<label for="${idPrefix}-email">Email</label><input id="${idPrefix}-email" name="email" type="email" maxlength="254" value="${s.email ?? ''}">
<label class="check"><input type="checkbox" name="active"${checkedIf(s.active ?? true)}> Đang hoạt động</label>`;
}

/** Admin: staff accounts and roles; create, edit, reset a password, lift a sign-in lock. */
export function renderStaffPage(input: {
  display: ConsoleDisplay;
  staff: ConsoleStaff;
  csrfToken: string;
  accounts: StaffRow[];
  departments: Departments;
  flash?: Flash;
}): string {
  const csrf = input.csrfToken;
  const list = input.accounts.map(
    (a, i) => html`<details class="card" id="staff-${a.username}">
<summary><strong>${a.displayName}</strong> <span class="muted">${a.username} · ${roleLabel(a.role)}${a.departmentCode ? ` · ${a.departmentCode}` : ''}${a.active ? '' : ' · đã khoá tài khoản'}</span>${a.lockedUntil ? html` <span class="flag overdue">Tạm chặn đăng nhập đến ${input.display.formatDateTime(a.lockedUntil)}</span>` : ''}</summary>
<form method="post" action="${CONSOLE_BASE}/admin/staff/${a.id}" class="stack">${csrfInput(csrf)}${fields(a, `s${i}`, input.departments)}<button type="submit">Lưu</button></form>
<form method="post" action="${CONSOLE_BASE}/admin/staff/${a.id}/password" class="stack">${csrfInput(csrf)}<label for="s${i}-pw">Đặt mật khẩu mới (ít nhất ${MIN_PASSWORD_LENGTH} ký tự)</label><input id="s${i}-pw" name="password" type="password" autocomplete="new-password" required minlength="${MIN_PASSWORD_LENGTH}"><button type="submit" class="secondary">Đặt lại mật khẩu</button></form>
${a.lockedUntil ? html`<form method="post" action="${CONSOLE_BASE}/admin/staff/${a.id}/unlock" class="inline">${csrfInput(csrf)}<button type="submit" class="secondary">Bỏ chặn đăng nhập</button></form>` : ''}
</details>`,
  );
  const body = html`<h1>Cán bộ</h1>
${list}
<details class="card"><summary><strong>Thêm tài khoản</strong></summary>
<form method="post" action="${CONSOLE_BASE}/admin/staff" class="stack">${csrfInput(csrf)}
<label for="new-username">Tên đăng nhập</label><input id="new-username" name="username" required maxlength="64" autocomplete="off">
<label for="new-password">Mật khẩu ban đầu (ít nhất ${MIN_PASSWORD_LENGTH} ký tự)</label><input id="new-password" name="password" type="password" required minlength="${MIN_PASSWORD_LENGTH}" autocomplete="new-password">
${fields({}, 'new', input.departments)}<button type="submit">Thêm</button></form></details>`;
  return layout({ display: input.display, title: 'Cán bộ', staff: input.staff, csrfToken: csrf, active: 'staff', flash: input.flash, body });
}
