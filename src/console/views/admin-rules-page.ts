import type { ConsoleStaff } from '../auth/types.js';
import type { RuleRow } from '../admin/rules.js';
import type { TopicLabel } from '../queue/topics.js';
import { checkedIf, csrfInput, selectField } from './components.js';
import type { ConsoleDisplay } from './display.js';
import { CONSOLE_BASE, html, layout, type Flash, type SafeHtml } from './layout.js';

interface Choices {
  departments: { code: string; name: string }[];
  topics: TopicLabel[];
}

function fields(r: Partial<RuleRow>, idPrefix: string, choices: Choices): SafeHtml {
  return html`<label for="${idPrefix}-topic">Chủ đề</label>${selectField(
    'topic',
    choices.topics.map((t) => ({ value: t.id, label: t.title })),
    r.topic,
    { id: `${idPrefix}-topic`, empty: '— Không (theo từ khoá) —' },
  )}
<label for="${idPrefix}-kw">Từ khoá (cách nhau bởi dấu phẩy; so khớp không dấu)</label><textarea id="${idPrefix}-kw" name="keywords" rows="2" maxlength="5000">${(r.keywords ?? []).join(', ')}</textarea>
<label for="${idPrefix}-dept">Phòng nhận</label>${selectField(
    'departmentCode',
    choices.departments.map((d) => ({ value: d.code, label: d.name })),
    r.departmentCode,
    { id: `${idPrefix}-dept`, required: true, empty: '— Chọn —' },
  )}
<label for="${idPrefix}-prio">Ưu tiên (số lớn thắng)</label><input id="${idPrefix}-prio" name="priority" type="number" min="-1000" max="1000" value="${r.priority ?? 0}">
<label class="check"><input type="checkbox" name="active"${checkedIf(r.active ?? true)}> Đang áp dụng</label>`;
}

/** Admin: routing rules (topic → department, keywords, priority), each editable; a form to add one. */
export function renderRulesPage(input: { display: ConsoleDisplay; staff: ConsoleStaff; csrfToken: string; rules: RuleRow[]; flash?: Flash } & Choices): string {
  const name = new Map(input.departments.map((d) => [d.code, d.name]));
  const topic = new Map(input.topics.map((t) => [t.id, t.title]));
  const list = input.rules.map(
    (r, i) => html`<details class="card" id="rule-${r.key}">
<summary><strong>${r.topic ? `Chủ đề: ${topic.get(r.topic) ?? r.topic}` : `Từ khoá: ${r.keywords.slice(0, 4).join(', ')}${r.keywords.length > 4 ? '…' : ''}`}</strong> → ${name.get(r.departmentCode) ?? r.departmentCode} <span class="muted">· ưu tiên ${r.priority}${r.active ? '' : ' · tắt'}${r.editedAt ? html` · sửa bởi ${r.editedBy ?? ''} lúc ${input.display.formatDateTime(r.editedAt)}` : ''}</span></summary>
<form method="post" action="${CONSOLE_BASE}/admin/rules/${r.key}" class="stack">${csrfInput(input.csrfToken)}${fields(r, `r${i}`, input)}<button type="submit">Lưu</button></form>
</details>`,
  );
  const body = html`<h1>Quy tắc phân luồng</h1>
<p class="muted">Khiếu nại, tố cáo luôn chuyển theo quy tắc của chủ đề khiếu nại, tố cáo (bộ phận tiếp công dân). Sau đó theo chủ đề, rồi theo từ khoá trong câu hỏi; không khớp thì về Văn phòng. Thay đổi áp dụng ngay cho phiếu tiếp theo.</p>
${list}
<details class="card"><summary><strong>Thêm quy tắc</strong></summary>
<form method="post" action="${CONSOLE_BASE}/admin/rules" class="stack">${csrfInput(input.csrfToken)}${fields({}, 'new', input)}<button type="submit">Thêm</button></form></details>`;
  return layout({ display: input.display, title: 'Phân luồng', staff: input.staff, csrfToken: input.csrfToken, active: 'rules', flash: input.flash, body });
}
