import type { ConsoleDisplay } from './display.js';
import { CONSOLE_BASE, html, layout } from './layout.js';

export interface LoginPageInput {
  display: ConsoleDisplay;
  csrfToken: string;
  next?: string;
  username?: string;
  error?: string;
  notice?: string;
}

/** The sign-in page (Vietnamese, with small English hints). */
export function renderLoginPage(input: LoginPageInput): string {
  return layout({
    display: input.display,
    title: 'Đăng nhập',
    flash: input.error ? { kind: 'error', text: input.error } : input.notice ? { kind: 'ok', text: input.notice } : undefined,
    body: html`<section class="card narrow">
  <h1>Cầu Nối · Đăng nhập cán bộ</h1>
  <p class="muted">Staff sign-in</p>
  <form method="post" action="${CONSOLE_BASE}/login" class="stack">
    <input type="hidden" name="_csrf" value="${input.csrfToken}">
    <input type="hidden" name="next" value="${input.next ?? ''}">
    <label for="username">Tên đăng nhập</label>
    <input id="username" name="username" autocomplete="username" required maxlength="64" value="${input.username ?? ''}" autofocus>
    <label for="password">Mật khẩu</label>
    <input id="password" name="password" type="password" autocomplete="current-password" required maxlength="200">
    <button type="submit">Đăng nhập</button>
  </form>
</section>`,
  });
}
