import type { ConsoleDisplay } from './display.js';
import type { ConsoleStaff } from '../auth/types.js';
import { MIN_PASSWORD_LENGTH } from '../auth/password.js';
import { csrfInput } from './components.js';
import { CONSOLE_BASE, html, layout, roleLabel, type Flash } from './layout.js';

/** The signed-in person's account: who they are, and the password change form. */
export function renderAccountPage(input: { display: ConsoleDisplay; staff: ConsoleStaff; csrfToken: string; flash?: Flash }): string {
  const { staff } = input;
  return layout({
    display: input.display,
    title: 'Tài khoản',
    staff,
    csrfToken: input.csrfToken,
    active: 'account',
    flash: input.flash,
    body: html`<h1>Tài khoản của tôi</h1>
<section class="card">
  <dl class="facts">
    <dt>Họ tên</dt><dd>${staff.displayName}</dd>
    <dt>Tên đăng nhập</dt><dd>${staff.username}</dd>
    <dt>Vai trò</dt><dd>${roleLabel(staff.role)}</dd>
    <dt>Phòng ban</dt><dd>${staff.departmentCode ?? '—'}</dd>
  </dl>
</section>
<section class="card">
  <h2>Đổi mật khẩu</h2>
  <form method="post" action="${CONSOLE_BASE}/account/password" class="stack narrow">
    ${csrfInput(input.csrfToken)}
    <label for="current">Mật khẩu hiện tại</label>
    <input id="current" name="current" type="password" autocomplete="current-password" required>
    <label for="next">Mật khẩu mới (ít nhất ${MIN_PASSWORD_LENGTH} ký tự)</label>
    <input id="next" name="next" type="password" autocomplete="new-password" required minlength="${MIN_PASSWORD_LENGTH}">
    <label for="confirm">Nhập lại mật khẩu mới</label>
    <input id="confirm" name="confirm" type="password" autocomplete="new-password" required minlength="${MIN_PASSWORD_LENGTH}">
    <button type="submit">Đổi mật khẩu</button>
  </form>
</section>`,
  });
}
