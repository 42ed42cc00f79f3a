import type { ConsoleDisplay } from './display.js';
import type { ConsoleStaff } from '../auth/types.js';
import { CONSOLE_BASE, html, layout } from './layout.js';

const TITLES: Record<number, string> = {
  400: 'Yêu cầu không hợp lệ',
  401: 'Cần đăng nhập',
  403: 'Không có quyền',
  404: 'Không tìm thấy',
  409: 'Không thực hiện được',
  413: 'Dữ liệu quá lớn',
  429: 'Quá nhiều yêu cầu',
  503: 'Tạm thời gián đoạn',
};

/** A page explaining why a request could not be served, with a way back. */
export function renderErrorPage(input: {
  display: ConsoleDisplay;
  status: number;
  message: string;
  staff?: ConsoleStaff;
  csrfToken?: string;
  requestId?: string;
}): string {
  const title = TITLES[input.status] ?? 'Đã xảy ra lỗi';
  return layout({
    display: input.display,
    title,
    staff: input.staff,
    csrfToken: input.csrfToken,
    body: html`<section class="card narrow">
  <h1>${title}</h1>
  <p>${input.message}</p>
  ${input.requestId && input.status >= 500 ? html`<p class="muted">Mã yêu cầu: ${input.requestId}</p>` : ''}
  <p><a href="${input.status === 401 ? `${CONSOLE_BASE}/login` : `${CONSOLE_BASE}/queue`}">${input.status === 401 ? 'Đăng nhập' : 'Về hàng đợi'}</a></p>
</section>`,
  });
}
