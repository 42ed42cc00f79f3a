import { Router } from 'express';
import {
  bodyOf,
  consoleDisplayOf,
  csrfInput,
  csrfTokenOf,
  currentStaff,
  type Flash,
  html,
  requireStaff,
  selectField,
  sendPage,
  textField,
  type TopicLabel,
} from '../../console/index.js';
import { DRAFT_ROLES } from '../drafts.js';
import { ignoreUnanswered, listUnanswered, markUnansweredDone, type UnansweredRecord } from '../unanswered.js';
import { CONTENT_BASE, contentLayout, editHref } from './views.js';

const OK: Record<string, string> = { done: 'Đã đánh dấu xong.', ignored: 'Đã bỏ qua nhóm câu hỏi này.' };

function reasons(r: UnansweredRecord): string {
  const parts = [
    r.reasons.no_match ? `${r.reasons.no_match} không tìm được câu trả lời` : '',
    r.reasons.to_staff ? `${r.reasons.to_staff} chuyển cán bộ` : '',
    r.reasons.low_rating ? `${r.reasons.low_rating} chấm điểm thấp` : '',
  ];
  return parts.filter(Boolean).join(' · ');
}

/**
 * `/console/content/unanswered`: questions the bot did not answer well, grouped by wording and
 * counted, most asked first. «Viết câu trả lời» opens a new FAQ draft with the question filled in;
 * «Xong» and «Bỏ qua» clear a group.
 */
export function unansweredRoutes(topics: TopicLabel[]): Router {
  const router = Router();
  const allowed = requireStaff(DRAFT_ROLES);

  router.get('/content/unanswered', allowed, async (req, res, next) => {
    try {
      const groups = await listUnanswered();
      const csrf = csrfTokenOf(req);
      const display = consoleDisplayOf(res);
      const ok = typeof req.query.ok === 'string' ? OK[req.query.ok] : undefined;
      const flash: Flash | undefined = ok ? { kind: 'ok', text: ok } : undefined;
      const rows = groups.map(
        (g) =>
          html`<tr data-id="${g.id}"><td class="n">${g.count}</td><td class="question"><span class="text">${g.text}</span>${g.firstText !== g.text ? html`<br><span class="muted">Lần đầu: ${g.firstText}</span>` : ''}<br><span class="muted">${reasons(g)} · gần nhất ${display.formatDateTime(g.lastAt)}</span></td><td>${
            g.status === 'drafted' && g.draftId
              ? html`<a href="${editHref(g.draftId)}">Đang soạn câu trả lời</a>`
              : html`<form method="get" action="${CONTENT_BASE}/faq/new" class="inline write-answer"><input type="hidden" name="from" value="${g.id}">${selectField(
                  'topic',
                  topics.map((t) => ({ value: t.id, label: t.title })),
                  g.topic,
                  { id: `topic-${g.id.replace(/\s+/g, '-')}`, required: true, empty: '— Lĩnh vực —' },
                )}<button type="submit">Viết câu trả lời</button></form>`
          }</td><td><form method="post" action="${CONTENT_BASE}/unanswered/done" class="inline">${csrfInput(csrf)}<input type="hidden" name="id" value="${g.id}"><button type="submit" class="secondary">Xong</button></form> <form method="post" action="${CONTENT_BASE}/unanswered/ignore" class="inline">${csrfInput(csrf)}<input type="hidden" name="id" value="${g.id}"><button type="submit" class="link">Bỏ qua</button></form></td></tr>`,
      );
      const body = html`<p class="crumbs"><a href="${CONTENT_BASE}">Nội dung</a> › Câu hỏi chưa có câu trả lời</p>
<h1>Câu hỏi chưa có câu trả lời</h1>
<p class="muted">Câu hỏi trợ lý không tìm được câu trả lời phù hợp, người dân bấm «Gửi cho cán bộ», hoặc câu trả lời bị chấm 1–2 điểm. Các cách viết giống nhau (có dấu hay không dấu, đảo thứ tự từ) được gộp một nhóm. Nội dung có thể chứa thông tin cá nhân: khi viết câu hỏi chung, hãy bỏ đi.</p>
<table id="unanswered"><thead><tr><th>Số lần</th><th>Câu hỏi</th><th>Trả lời</th><th></th></tr></thead><tbody>${rows.length ? rows : html`<tr><td colspan="4" class="empty">Chưa có câu hỏi nào.</td></tr>`}</tbody></table>`;
      sendPage(res, contentLayout({ display, staff: currentStaff(req), csrfToken: csrf, flash }, 'Câu hỏi chưa có câu trả lời', body));
    } catch (err) {
      next(err);
    }
  });

  router.post('/content/unanswered/done', allowed, async (req, res, next) => {
    try {
      await markUnansweredDone(textField(bodyOf(req), 'id', { label: 'Nhóm', max: 400 }));
      res.redirect(303, `${CONTENT_BASE}/unanswered?ok=done`);
    } catch (err) {
      next(err);
    }
  });

  router.post('/content/unanswered/ignore', allowed, async (req, res, next) => {
    try {
      await ignoreUnanswered(textField(bodyOf(req), 'id', { label: 'Nhóm', max: 400 }));
      res.redirect(303, `${CONTENT_BASE}/unanswered?ok=ignored`);
    } catch (err) {
      next(err);
    }
  });
  return router;
}
