import type { ConsoleStaff } from '../auth/types.js';
import type { DepartmentRow } from '../admin/departments.js';
import { checkedIf, csrfInput } from './components.js';
import type { ConsoleDisplay } from './display.js';
import { CONSOLE_BASE, html, layout, type Flash, type SafeHtml } from './layout.js';

function fields(d: Partial<DepartmentRow>, idPrefix: string): SafeHtml {
  return html`<label for="${idPrefix}-vi">Tên (tiếng Việt)</label><input id="${idPrefix}-vi" name="nameVi" required maxlength="200" value="${d.name?.vi ?? ''}">
<label for="${idPrefix}-en">Tên (tiếng Anh)</label><input id="${idPrefix}-en" name="nameEn" required maxlength="200" value="${d.name?.en ?? ''}">
<label for="${idPrefix}-topics">Chủ đề phụ trách (mã, cách nhau bởi dấu phẩy)</label><input id="${idPrefix}-topics" name="topics" maxlength="2000" value="${(d.topics ?? []).join(', ')}">
<label for="${idPrefix}-email">Email</label><input id="${idPrefix}-email" name="email" type="email" maxlength="254" value="${d.contacts?.email ?? ''}">
<label for="${idPrefix}-phone">Điện thoại</label><input id="${idPrefix}-phone" name="phone" maxlength="30" value="${d.contacts?.phone ?? ''}">
<label for="${idPrefix}-address">Địa chỉ</label><input id="${idPrefix}-address" name="address" maxlength="500" value="${d.contacts?.address ?? ''}">
<label for="${idPrefix}-hours">Giờ tiếp dân</label><input id="${idPrefix}-hours" name="hours" maxlength="300" value="${d.contacts?.hours ?? ''}">
<label class="check"><input type="checkbox" name="active"${checkedIf(d.active ?? true)}> Đang hoạt động (nhận phiếu)</label>`;
}

/** Admin: the department directory, each editable; a form to add one. */
export function renderDepartmentsPage(input: {
  display: ConsoleDisplay;
  staff: ConsoleStaff;
  csrfToken: string;
  departments: DepartmentRow[];
  flash?: Flash;
}): string {
  const list = input.departments.map(
    (d, i) => html`<details class="card" id="dept-${d.code}">
<summary><strong>${d.name.vi}</strong> <span class="muted">${d.code}${d.active ? '' : ' · ngừng hoạt động'}${d.isSample ? ' · dữ liệu mẫu' : ''}${d.editedAt ? html` · sửa bởi ${d.editedBy ?? ''} lúc ${input.display.formatDateTime(d.editedAt)}` : ''}</span></summary>
<form method="post" action="${CONSOLE_BASE}/admin/departments/${d.code}" class="stack">${csrfInput(input.csrfToken)}${fields(d, `d${i}`)}<button type="submit">Lưu</button></form>
</details>`,
  );
  const body = html`<h1>Phòng ban</h1>
<p class="muted">Thay đổi có hiệu lực ngay cho các phiếu mới; dữ liệu mẫu không ghi đè lên mục đã sửa.</p>
${list}
<details class="card"><summary><strong>Thêm phòng ban</strong></summary>
<form method="post" action="${CONSOLE_BASE}/admin/departments" class="stack">${csrfInput(input.csrfToken)}
<label for="new-code">Mã phòng (chữ thường không dấu, ví dụ: phong-moi)</label><input id="new-code" name="code" required maxlength="64" pattern="[a-z0-9][a-z0-9-]*">
${fields({}, 'new')}<button type="submit">Thêm</button></form></details>`;
  return layout({
    display: input.display,
    title: 'Phòng ban',
    staff: input.staff,
    csrfToken: input.csrfToken,
    active: 'departments',
    flash: input.flash,
    body,
  });
}
