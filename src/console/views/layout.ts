import type { StaffRole } from '../../db/models/staff.js';
import type { ConsoleStaff } from '../auth/types.js';
import { html, trustedHtml, type HtmlValue, type SafeHtml } from './html.js';
import { followsLiveEvents } from '../events/types.js';
import { CONSOLE_BASE, type ConsoleDisplay } from './display.js';

export { html, safeHref, SafeHtml, trustedHtml } from './html.js';

export { CONSOLE_BASE } from './display.js';

/** A short message shown at the top of a page after an action. */
export interface Flash {
  kind: 'ok' | 'error';
  text: string;
}

export interface LayoutOptions {
  /** The console's navigation, notices and display zone. */
  display: ConsoleDisplay;
  /** Page title (Vietnamese); " · Cầu Nối" is appended. */
  title: string;
  /** The signed-in member of staff; without it the page has no navigation (sign-in page). */
  staff?: ConsoleStaff;
  /** The session's CSRF token, printed in `<meta name="csrf-token">` for the page's scripts. */
  csrfToken?: string;
  /** Key of the navigation entry to highlight. */
  active?: string;
  flash?: Flash;
  body: SafeHtml;
  /** Extra script files under `/console/static/` (CSP forbids inline scripts). */
  scripts?: string[];
  /** `data-*` attributes of `<body>` for the page's scripts (names without `data-`). */
  data?: Record<string, string>;
}

const ROLE_LABELS: Record<StaffRole, string> = { admin: 'Quản trị', lead: 'Lãnh đạo phòng', officer: 'Chuyên viên', editor: 'Biên tập nội dung' };

/** Vietnamese name of a role. */
export function roleLabel(role: StaffRole): string {
  return ROLE_LABELS[role];
}

function nav(display: ConsoleDisplay, staff: ConsoleStaff, active: string | undefined, csrfToken: string | undefined): SafeHtml {
  const items = display
    .navItemsFor(staff.role)
    .map((n) => html`<li><a href="${n.href}"${n.key === active ? trustedHtml(' aria-current="page"') : ''}>${n.label}</a></li>`);
  return html`<nav class="top" aria-label="Điều hướng">
  <a class="brand" href="${CONSOLE_BASE}/queue">Cầu Nối</a>
  <ul>${items}</ul>
  <div class="who">
    <a href="${CONSOLE_BASE}/account"${active === 'account' ? trustedHtml(' aria-current="page"') : ''}>${staff.displayName}</a>
    <span class="role">${roleLabel(staff.role)}${staff.departmentCode ? html` · ${staff.departmentCode}` : ''}</span>
    <form method="post" action="${CONSOLE_BASE}/logout" class="inline">
      <input type="hidden" name="_csrf" value="${csrfToken ?? ''}">
      <button type="submit" class="link">Đăng xuất</button>
    </form>
  </div>
</nav>`;
}

/**
 * The whole HTML document of a console page: head (own stylesheet and scripts only, no
 * inline script, so the page works under the console's CSP), navigation for the signed-in
 * role, a flash message, the body, and a live notification area filled by `console.js`
 * from the staff event stream. Every text given is escaped.
 */
export function layout(options: LayoutOptions): string {
  const scripts: HtmlValue[] = ['console.js', ...(options.scripts ?? [])].map((s) => html`<script src="${CONSOLE_BASE}/static/${s}" defer></script>`);
  const flash = options.flash
    ? html`<p class="flash ${options.flash.kind}" role="${options.flash.kind === 'error' ? 'alert' : 'status'}">${options.flash.text}</p>`
    : '';
  const page = html`<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
${options.csrfToken ? html`<meta name="csrf-token" content="${options.csrfToken}">` : ''}
<title>${options.title} · Cầu Nối</title>
<link rel="stylesheet" href="${CONSOLE_BASE}/static/console.css">
${scripts}
</head>
<body${options.staff && followsLiveEvents(options.staff.role) ? trustedHtml(' data-live="1"') : ''}${Object.entries(options.data ?? {})
    .filter(([name]) => /^[a-z][a-z0-9-]*$/.test(name))
    .map(([name, value]) => html` data-${trustedHtml(name)}="${value}"`)}>
${options.staff ? nav(options.display, options.staff, options.active, options.csrfToken) : ''}
<main>
${options.staff?.role === 'admin' ? options.display.adminNoticeTexts().map((text) => html`<p class="flash error" role="status">${text}</p>`) : ''}
${flash}
${options.body}
</main>
<div id="live" class="live" aria-live="polite"></div>
</body>
</html>`;
  return page.value;
}
