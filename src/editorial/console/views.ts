import {
  CONSOLE_BASE,
  type ConsoleDisplay,
  type ConsoleStaff,
  csrfInput,
  type Flash,
  html,
  layout,
  type SafeHtml,
  selectField,
  trustedHtml,
} from '../../console/index.js';
import type { DraftProblem, DraftRecord } from '../drafts.js';
import { faqFieldLabel, type FaqFormValues } from '../faq-form.js';
import type { PublishedItem } from '../store.js';

export const CONTENT_BASE = `${CONSOLE_BASE}/content`;

const KIND_LABELS: Record<string, string> = {
  faq: 'Hỏi đáp',
  'faq-file': 'Tệp hỏi đáp',
  topic: 'Trang lĩnh vực',
  document: 'Văn bản pháp luật',
  'documents-file': 'Danh mục văn bản',
  event: 'Sự kiện',
  'events-file': 'Danh sách sự kiện',
  reception: 'Lịch tiếp công dân',
};
const SOURCE_LABELS: Record<string, string> = { files: 'từ tệp nội dung', console: 'xuất bản', restore: 'khôi phục', import: 'nhập từ tệp' };
export const DRAFT_STATUS_LABELS: Record<string, string> = { draft: 'Bản nháp', review: 'Chờ duyệt' };

/** Label of an item kind. */
export function kindLabel(kind: string): string {
  return KIND_LABELS[kind] ?? kind;
}

/** Where an item is edited: FAQ entries in their form, the rest as file text. */
export function editHref(id: string): string {
  return id.startsWith('faq:') ? `${CONTENT_BASE}/faq/${id.slice(4)}` : `${CONTENT_BASE}/items/${encodeURIComponent(id)}`;
}

export interface PageFrame {
  /** The console's navigation, notices and display zone. */
  display: ConsoleDisplay;
  staff: ConsoleStaff;
  csrfToken: string;
  flash?: Flash;
}

/** A page of the content section. */
export function contentLayout(frame: PageFrame, title: string, body: SafeHtml, scripts: string[] = []): string {
  return layout({ display: frame.display, title, staff: frame.staff, csrfToken: frame.csrfToken, active: 'content', flash: frame.flash, body, scripts });
}

/** The problems of a draft, each with the field it concerns, in the editor's words where known. */
function problemList(problems: readonly DraftProblem[], label: (field: string) => string = (f) => f || 'Mục này'): SafeHtml {
  if (problems.length === 0) return html``;
  return html`<section class="card" id="problems" role="alert"><h2>Cần sửa trước khi xuất bản (${problems.length})</h2><ul>${problems.map(
    (p) =>
      html`<li data-field="${p.own ? p.field : `${p.file}:${p.field}`}"><strong>${p.own ? label(p.field) : `${p.file}${p.field ? ` · ${p.field}` : ''}`}</strong>: ${p.message}</li>`,
  )}</ul><p class="muted">Đây là các kiểm tra của <code>npm run content:check</code>.</p></section>`;
}

/** The workflow buttons for an item's draft: send for review, publish (leads and admins), discard. */
function draftActions(frame: PageFrame, draft: DraftRecord | undefined, mayPublish: boolean, hasProblems: boolean, publishedVersion?: number): SafeHtml {
  if (!draft) return html``;
  // Someone published the item after this draft was started: publishing the draft replaces that version.
  const overtaken =
    publishedVersion !== undefined && publishedVersion !== draft.baseVersion
      ? html`<p class="flash error" id="draft-overtaken">Bản đang xuất bản đã thay đổi (phiên bản ${publishedVersion}) sau khi bản nháp này được bắt đầu; xuất bản bản nháp sẽ thay thế thay đổi đó. Hãy so sánh trước khi xuất bản.</p>`
      : '';
  const base = `${CONTENT_BASE}/drafts/${encodeURIComponent(draft.id)}`;
  const form = (action: string, label: string, cls = '') =>
    html`<form method="post" action="${base}/${action}" class="inline">${csrfInput(frame.csrfToken)}<button type="submit" id="draft-${action}"${cls ? trustedHtml(` class="${cls}"`) : ''}${hasProblems && action !== 'discard' ? trustedHtml(' disabled') : ''}>${label}</button></form>`;
  return html`<section class="card" id="draft-state"><h2>${DRAFT_STATUS_LABELS[draft.status]}</h2>
${overtaken}<p>Sửa lần cuối bởi ${draft.updatedByName} (${draft.updatedBy}) lúc ${frame.display.formatDateTime(draft.updatedAt)}.${draft.baseVersion ? ` Dựa trên phiên bản ${draft.baseVersion}.` : ' Mục mới, chưa xuất bản.'} Người dân chưa thấy thay đổi này.</p>
<div class="actions">${draft.status === 'draft' ? form('submit', 'Gửi duyệt') : ''}${mayPublish ? form('publish', 'Xuất bản') : ''}${form('discard', 'Bỏ bản nháp', 'secondary')}</div></section>`;
}

/** Every published version of an item, with a restore button for leads and admins. */
function historyList(frame: PageFrame, item: PublishedItem | undefined, mayPublish: boolean): SafeHtml {
  if (!item) return html``;
  const rows = [...item.history]
    .reverse()
    .map(
      (h) =>
        html`<li data-version="${String(h.version)}"><strong>Phiên bản ${h.version}</strong> · ${SOURCE_LABELS[h.source] ?? h.source} · ${h.byName} · <time>${frame.display.formatDateTime(h.at)}</time>${h.removed ? ' · gỡ bỏ' : ''}${
          mayPublish && h.version !== item.version && !h.removed
            ? html` <form method="post" action="${CONTENT_BASE}/items/${encodeURIComponent(item.id)}/restore" class="inline">${csrfInput(frame.csrfToken)}<input type="hidden" name="version" value="${String(h.version)}"><button type="submit" class="link">Khôi phục phiên bản này</button></form>`
            : h.version === item.version
              ? ' · đang dùng'
              : ''
        }</li>`,
    );
  return html`<section class="card"><h2>Lịch sử xuất bản</h2><ol class="history" id="versions">${rows}</ol></section>`;
}

export interface FaqEditView extends PageFrame {
  values: FaqFormValues;
  isNew: boolean;
  topics: { id: string; title: string }[];
  published?: PublishedItem;
  draft?: DraftRecord;
  problems: DraftProblem[];
  /** How the bot answers with this text (Vietnamese and English), when it passes the checks. */
  preview?: { vi: string; en: string };
  mayPublish: boolean;
  fromQuestion?: string;
  /** Where a new draft comes from (`unanswered:<key>`, `ticket:<id>`), sent back with the form. */
  origin?: string;
}

/** The FAQ entry page: its state, problems, a preview of the bot's answer, the form, the workflow and the history. */
export function renderFaqEdit(view: FaqEditView): string {
  const v = view.values;
  const action = `${CONTENT_BASE}/faq/${v.id}`;
  const area = (name: keyof FaqFormValues, label: string, rows: number, hint = '') =>
    html`<label for="${name}">${label}${hint ? html` <span class="muted">${hint}</span>` : ''}</label><textarea id="${name}" name="${name}" rows="${String(rows)}">${v[name]}</textarea>`;
  const state = view.published
    ? html`<p class="muted">Đang xuất bản: phiên bản ${view.published.version}, ${view.display.formatDateTime(view.published.publishedAt)}.</p>`
    : html`<p class="muted">Mục mới: chưa xuất bản.</p>`;
  const conflict = view.published?.fileConflict
    ? html`<section class="card"><h2>Tệp nội dung có bản khác</h2><p>Tệp trong <code>content/</code> có nội dung mới hơn cho mục này, nhưng mục đã được sửa trong trang quản trị nên bản đang dùng được giữ. Bản trong tệp:</p><pre>${view.published.fileConflict.json}</pre></section>`
    : '';
  const preview = view.preview
    ? html`<section class="card" id="preview"><h2>Xem trước: trợ lý trả lời</h2><div class="grid"><div><h3>Tiếng Việt</h3><p class="answer-text" id="preview-vi">${view.preview.vi}</p></div><div><h3>English</h3><p class="answer-text" id="preview-en">${view.preview.en}</p></div></div></section>`
    : '';
  const body = html`<p class="crumbs"><a href="${CONTENT_BASE}">Nội dung</a> › Hỏi đáp</p>
<h1>${view.isNew ? 'Câu hỏi mới' : `Hỏi đáp ${v.id}`}</h1>
${state}
${view.fromQuestion ? html`<p class="muted" id="from-question">Từ câu hỏi người dân: “${view.fromQuestion}”. Hãy viết câu hỏi ở dạng chung, không có thông tin cá nhân.</p>` : ''}
${conflict}
${draftActions(view, view.draft, view.mayPublish, view.problems.length > 0, view.published?.version)}
${problemList(view.problems, faqFieldLabel)}
${preview}
<section class="card"><h2>Soạn</h2>
<form method="post" action="${action}" class="stack" id="faq-form">${csrfInput(view.csrfToken)}${view.origin ? html`<input type="hidden" name="origin" value="${view.origin}">` : ''}
<label for="topic">Lĩnh vực</label>${selectField(
    'topic',
    view.topics.map((t) => ({ value: t.id, label: t.title })),
    v.topic || undefined,
    { required: true, empty: '— Chọn —' },
  )}
${area('questionVi', 'Câu hỏi (tiếng Việt)', 2)}
${area('questionEn', 'Câu hỏi (tiếng Anh)', 2)}
${area('answerVi', 'Câu trả lời (tiếng Việt)', 8)}
${area('answerEn', 'Câu trả lời (tiếng Anh)', 8)}
${area('sources', 'Căn cứ', 3, 'mỗi dòng một văn bản: mã văn bản | Điều …')}
${area('alternativesVi', 'Cách hỏi khác (tiếng Việt)', 3, 'mỗi dòng một cách hỏi')}
${area('alternativesEn', 'Cách hỏi khác (tiếng Anh)', 3, 'mỗi dòng một cách hỏi')}
<label for="keywords">Từ khoá <span class="muted">cách nhau bằng dấu phẩy</span></label><input id="keywords" name="keywords" value="${v.keywords}">
<label for="link">Đường dẫn dịch vụ công / biểu mẫu <span class="muted">không bắt buộc</span></label><input id="link" name="link" type="url" value="${v.link}">
<label for="confidence">Mức xác nhận</label>${selectField(
    'confidence',
    [
      { value: 'confirmed', label: 'Đã đối chiếu nguồn chính thức' },
      { value: 'unconfirmed', label: 'Chưa xác nhận (trợ lý sẽ mời hỏi cán bộ)' },
    ],
    v.confidence,
  )}
<label for="reviewedAt">Ngày rà soát</label><input id="reviewedAt" name="reviewedAt" type="date" value="${v.reviewedAt}">
<div><button type="submit" id="save-draft">Lưu bản nháp</button></div>
</form></section>
${historyList(view, view.published, view.mayPublish)}`;
  return contentLayout(view, view.isNew ? 'Câu hỏi mới' : `Hỏi đáp ${v.id}`, body);
}

export interface ItemEditView extends PageFrame {
  id: string;
  kind: string;
  text: string;
  published?: PublishedItem;
  draft?: DraftRecord;
  problems: DraftProblem[];
  mayPublish: boolean;
  /** More for this kind of item (an event's registrants and cancellation). */
  extra?: SafeHtml;
}

/** An event's registrants (count, CSV) and, for leads and admins, cancelling it. */
export function eventPanel(frame: PageFrame, eventId: string, registrants: number, capacity: number, mayCancel: boolean): SafeHtml {
  const base = `${CONTENT_BASE}/events/${eventId}`;
  return html`<section class="card" id="registrants"><h2>Người đăng ký</h2>
<p><strong id="registrant-count">${registrants}</strong> / ${capacity} chỗ. <a href="${base}/registrants.csv" id="registrants-csv">Tải danh sách (CSV)</a></p>
${mayCancel ? html`<details><summary>Huỷ sự kiện</summary><form method="post" action="${base}/cancel" class="stack" id="cancel-event">${csrfInput(frame.csrfToken)}<label for="cancel-reason">Lý do (gửi kèm thông báo cho người đã đăng ký)</label><input id="cancel-reason" name="reason" maxlength="300"><button type="submit">Huỷ sự kiện và báo cho ${registrants} người đăng ký</button></form></details>` : ''}</section>`;
}

/** An item other than an FAQ entry, edited as its JSON text in the file's format, with the same workflow and checks. */
export function renderItemEdit(view: ItemEditView): string {
  const body = html`<p class="crumbs"><a href="${CONTENT_BASE}">Nội dung</a> › ${kindLabel(view.kind)}</p>
<h1>${kindLabel(view.kind)}: ${view.id.slice(view.id.indexOf(':') + 1)}</h1>
${view.published ? html`<p class="muted">Đang xuất bản: phiên bản ${view.published.version}, ${view.display.formatDateTime(view.published.publishedAt)}.</p>` : html`<p class="muted">Mục mới: chưa xuất bản.</p>`}
${draftActions(view, view.draft, view.mayPublish, view.problems.length > 0, view.published?.version)}
${problemList(view.problems)}
${view.extra ?? ''}
<section class="card"><h2>Soạn</h2><p class="muted">Nội dung ở đúng định dạng của tệp trong <code>content/</code> (JSON).</p>
<form method="post" action="${CONTENT_BASE}/items/${encodeURIComponent(view.id)}" class="stack" id="item-form">${csrfInput(view.csrfToken)}
<textarea id="item-json" name="json" rows="30" spellcheck="false">${view.text}</textarea>
<div><button type="submit" id="save-draft">Lưu bản nháp</button></div></form></section>
${historyList(view, view.published, view.mayPublish)}`;
  return contentLayout(view, kindLabel(view.kind), body);
}
