import { html, selectField } from '../../console/index.js';
import type { DraftRecord } from '../drafts.js';
import type { PublishedItem } from '../store.js';
import { CONTENT_BASE, contentLayout, DRAFT_STATUS_LABELS, editHref, kindLabel, type PageFrame } from './views.js';

export interface OverviewView extends PageFrame {
  drafts: DraftRecord[];
  items: readonly PublishedItem[];
  topics: { id: string; title: string }[];
  /** The FAQ filter typed by the editor. */
  query: string;
  topic: string;
  unansweredCount: number;
}

function text(value: unknown, language: 'vi' | 'en' = 'vi'): string {
  const v = value as { vi?: unknown; en?: unknown } | undefined;
  return typeof v?.[language] === 'string' ? v[language] : '';
}

function titleOf(item: PublishedItem | DraftRecord): string {
  const value = item.value;
  return text(value.question) || text(value.title) || text(value.notice) || (typeof value.number === 'string' ? value.number : '') || item.key;
}

/** `/console/content`: drafts waiting, items whose files changed, the FAQ (filtered), the other content. */
export function renderOverview(view: OverviewView): string {
  const q = view.query.toLowerCase();
  const faq = view.items
    .filter((i) => i.kind === 'faq')
    .filter((i) => !view.topic || i.value.topic === view.topic)
    .filter((i) => !q || `${i.key} ${titleOf(i)} ${text(i.value.answer)}`.toLowerCase().includes(q))
    .sort((a, b) => String(a.value.topic).localeCompare(String(b.value.topic)) || a.order - b.order);
  const others = view.items
    .filter((i) => ['topic', 'document', 'event', 'reception', 'events-file'].includes(i.kind))
    .sort((a, b) => a.kind.localeCompare(b.kind) || a.order - b.order);
  const conflicts = view.items.filter((i) => i.fileConflict);
  const topicTitle = (id: unknown) => view.topics.find((t) => t.id === id)?.title ?? String(id);

  const body = html`<h1>Nội dung</h1>
<p class="muted">Những gì trợ lý trả lời người dân. Biên tập viên soạn, lãnh đạo phòng hoặc quản trị xuất bản; bản xuất bản có hiệu lực trên mọi máy chủ sau vài giây.</p>
<section class="card"><h2>Câu hỏi chưa có câu trả lời</h2><p><a href="${CONTENT_BASE}/unanswered" id="unanswered-link">${view.unansweredCount} nhóm câu hỏi</a> trợ lý chưa trả lời được, người dân chuyển cho cán bộ, hoặc chấm điểm thấp.</p></section>
<section class="card"><h2>Bản nháp</h2>
<table id="drafts"><thead><tr><th>Mục</th><th>Loại</th><th>Trạng thái</th><th>Sửa lần cuối</th></tr></thead><tbody>${
    view.drafts.length
      ? view.drafts.map(
          (d) =>
            html`<tr data-id="${d.id}"><td><a href="${editHref(d.id)}">${titleOf(d)}</a></td><td>${kindLabel(d.kind)}</td><td><span class="badge">${DRAFT_STATUS_LABELS[d.status]}</span></td><td>${d.updatedByName} · ${view.display.formatDateTime(d.updatedAt)}</td></tr>`,
        )
      : html`<tr><td colspan="4" class="muted">Không có bản nháp nào.</td></tr>`
  }</tbody></table></section>
${conflicts.length ? html`<section class="card"><h2>Tệp nội dung có bản khác</h2><ul>${conflicts.map((i) => html`<li><a href="${editHref(i.id)}">${titleOf(i)}</a> <span class="muted">(${kindLabel(i.kind)})</span></li>`)}</ul></section>` : ''}
<section class="card"><h2>Hỏi đáp</h2>
<form method="get" action="${CONTENT_BASE}/faq/new" class="inline" id="new-faq">${selectField(
    'topic',
    view.topics.map((t) => ({ value: t.id, label: t.title })),
    undefined,
    { id: 'new-topic', required: true, empty: '— Lĩnh vực —' },
  )}<button type="submit">Thêm câu hỏi</button></form>
<form method="get" action="${CONTENT_BASE}" class="filters">${selectField(
    'topic',
    view.topics.map((t) => ({ value: t.id, label: t.title })),
    view.topic || undefined,
    { id: 'filter-topic', empty: 'Mọi lĩnh vực' },
  )}<input name="q" value="${view.query}" placeholder="Tìm trong câu hỏi" aria-label="Tìm trong câu hỏi"><button type="submit" class="secondary">Lọc</button></form>
<table id="faq"><thead><tr><th>Mã</th><th>Câu hỏi</th><th>Lĩnh vực</th><th>Rà soát</th><th>Phiên bản</th></tr></thead><tbody>${faq.map(
    (i) =>
      html`<tr data-id="${i.id}"><td>${i.key}</td><td><a href="${editHref(i.id)}">${titleOf(i)}</a></td><td>${topicTitle(i.value.topic)}</td><td>${typeof i.value.reviewedAt === 'string' ? i.value.reviewedAt : ''}</td><td class="n">${i.version} · ${view.display.formatDate(i.publishedAt)}</td></tr>`,
  )}</tbody></table></section>
<section class="card"><h2>Trang lĩnh vực, văn bản, sự kiện, lịch tiếp công dân</h2>
<p><a href="${CONTENT_BASE}/items/new?kind=event">Thêm sự kiện</a> · <a href="${CONTENT_BASE}/items/new?kind=document">Thêm văn bản</a></p>
<table id="others"><thead><tr><th>Loại</th><th>Mục</th><th>Phiên bản</th></tr></thead><tbody>${others.map(
    (i) =>
      html`<tr data-id="${i.id}"><td>${kindLabel(i.kind)}</td><td><a href="${editHref(i.id)}">${titleOf(i)}</a></td><td class="n">${i.version} · ${view.display.formatDate(i.publishedAt)}</td></tr>`,
  )}</tbody></table></section>`;
  return contentLayout(view, 'Nội dung', body);
}
