import { Router, type Request, type Response } from 'express';
import {
  bodyOf,
  CONSOLE_BASE,
  consoleDisplayOf,
  type ConsolePage,
  csrfInput,
  csrfTokenOf,
  currentStaff,
  type Fields,
  type Flash,
  html,
  idParam,
  layout,
  loadTopicLabels,
  requireStaff,
  safeHref,
  type SafeHtml,
  selectField,
  sendPage,
  textField,
} from '../console/index.js';
import { InputError } from '../errors.js';
import type { ServiceCore } from '../feature.js';
import { instantAt, isIsoDate } from '../services/zoned-time.js';
import { cancelNews, composeNews, getNews, listNews, mayWithdrawNews, MAX_TEXT_LENGTH, MAX_TITLE_LENGTH, type ComposeNewsInput } from './compose.js';
import { newsProgress, type NewsProgress } from './progress.js';
import type { BroadcastRecord } from './record.js';

const STATUS_LABELS: Record<string, string> = {
  scheduled: 'Chờ đến giờ gửi',
  planning: 'Đang lập danh sách',
  sending: 'Đang gửi',
  done: 'Đã kết thúc',
  cancelled: 'Đã thu hồi',
};
const OK_MESSAGES: Record<string, string> = { created: 'Đã lên lịch gửi tin.', cancelled: 'Đã thu hồi tin; những người chưa nhận sẽ không nhận nữa.' };
const DAY_MS = 86_400_000;

export interface NewsPageOptions {
  /** Zone the staff type times in (`config.timezone`). */
  timezone: string;
  contentDir?: string;
}

/** `YYYY-MM-DDTHH:mm` typed in a `datetime-local` field, read in the zone; undefined when empty. */
function localDateTime(fields: Fields, name: string, label: string, timezone: string): Date | undefined {
  const value = textField(fields, name, { label, max: 20, optional: true });
  if (value === undefined) return undefined;
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!match || !isIsoDate(match[1]) || Number(match[2]) > 23 || Number(match[3]) > 59)
    throw new InputError(`${label} phải có dạng ngày giờ (YYYY-MM-DDTHH:mm).`);
  return instantAt(match[1], Number(match[2]) * 60 + Number(match[3]), timezone);
}

function progressCells(p: NewsProgress): SafeHtml {
  return html`<td class="n">${p.targeted}</td><td class="n">${p.sent}</td><td class="n">${p.waitingForNextContact}</td><td class="n">${p.inProgress}</td><td class="n">${p.expired}</td><td class="n">${p.failed}</td>`;
}

const PROGRESS_HEAD = html`<th>Người nhận</th><th>Đã gửi</th><th>Chờ lần liên hệ tới</th><th>Đang xử lý</th><th>Hết hạn</th><th>Lỗi</th>`;

/**
 * The console pages for news to subscribers at `/console/news`: compose and schedule an item
 * (topic, title, text, link, image, time to send, expiry), follow each item's progress
 * (people targeted, sent, waiting for their next contact, in progress, expired, failed) and
 * withdraw an item. For administrators and department leads.
 */
export function createNewsPage(options: NewsPageOptions): ConsolePage {
  const router = Router();
  const topics = loadTopicLabels(options.contentDir ?? 'content');
  const topicTitle = (id: string) => topics.find((t) => t.id === id)?.title ?? id;
  const allowed = requireStaff(['lead']);
  // The console attaches the running service before any request arrives.
  let service: ServiceCore | undefined;
  const wakeOutbox = () => {
    if (!service) throw new Error('The news page was not attached to a service');
    service.outboxWorker.wake();
  };

  async function listPage(req: Request, res: Response, status = 200, flash?: Flash, values: Fields = {}): Promise<void> {
    const staff = currentStaff(req);
    const display = consoleDisplayOf(res);
    const items = await listNews(20);
    const rows: SafeHtml[] = [];
    for (const item of items) {
      rows.push(
        html`<tr><td><a href="${CONSOLE_BASE}/news/${item.id}">${item.title}</a></td><td>${topicTitle(item.topic)}</td><td>${display.formatDateTime(item.scheduledAt)}</td><td>${STATUS_LABELS[item.status] ?? item.status}</td>${progressCells(await newsProgress(item.id))}</tr>`,
      );
    }
    const v = (name: string) => (typeof values[name] === 'string' ? values[name] : '');
    const body = html`<h1>Tin gửi người đăng ký</h1>
<section class="card"><h2>Soạn tin</h2>
<p class="muted">Tin đến ngay những người đang trong thời hạn nhắn tin của nền tảng (Messenger: 24 giờ; Zalo: 7 ngày). Những người khác nhận tin khi họ nhắn tới lần sau, nếu tin chưa hết hạn.</p>
<form method="post" action="${CONSOLE_BASE}/news" class="stack">${csrfInput(csrfTokenOf(req))}
<label for="topic">Lĩnh vực (gửi tới người đăng ký lĩnh vực này)</label>${selectField(
      'topic',
      topics.map((t) => ({ value: t.id, label: t.title })),
      v('topic') || undefined,
      { required: true, empty: '— Chọn —' },
    )}
<label for="title">Tiêu đề</label><input id="title" name="title" maxlength="${MAX_TITLE_LENGTH}" required value="${v('title')}">
<label for="text">Nội dung</label><textarea id="text" name="text" rows="6" maxlength="${MAX_TEXT_LENGTH}" required>${v('text')}</textarea>
<label for="linkUrl">Đường dẫn (không bắt buộc)</label><input id="linkUrl" name="linkUrl" type="url" value="${v('linkUrl')}">
<label for="linkTitle">Chữ trên nút đường dẫn (tối đa 20 ký tự)</label><input id="linkTitle" name="linkTitle" maxlength="20" value="${v('linkTitle')}">
<label for="imageUrl">Ảnh (địa chỉ https, không bắt buộc)</label><input id="imageUrl" name="imageUrl" type="url" value="${v('imageUrl')}">
<label for="scheduledAt">Thời điểm gửi (để trống: gửi ngay)</label><input id="scheduledAt" name="scheduledAt" type="datetime-local" value="${v('scheduledAt')}">
<label for="expiresAt">Hết hạn (để trống: sau 7 ngày)</label><input id="expiresAt" name="expiresAt" type="datetime-local" value="${v('expiresAt')}">
<div><button type="submit">Lên lịch gửi</button></div>
</form></section>
<section class="card"><h2>Tin gần đây</h2>
<table><thead><tr><th>Tiêu đề</th><th>Lĩnh vực</th><th>Gửi lúc</th><th>Trạng thái</th>${PROGRESS_HEAD}</tr></thead>
<tbody>${rows.length ? rows : html`<tr><td colspan="10" class="muted">Chưa có tin nào.</td></tr>`}</tbody></table></section>`;
    const ok = typeof req.query.ok === 'string' ? OK_MESSAGES[req.query.ok] : undefined;
    sendPage(
      res,
      layout({
        display,
        title: 'Tin gửi người đăng ký',
        staff,
        csrfToken: csrfTokenOf(req),
        active: 'news',
        flash: flash ?? (ok ? { kind: 'ok', text: ok } : undefined),
        body,
      }),
      status,
    );
  }

  async function itemPage(req: Request, res: Response, item: BroadcastRecord): Promise<void> {
    const staff = currentStaff(req);
    const display = consoleDisplayOf(res);
    const progress = await newsProgress(item.id);
    const open = item.status === 'scheduled' || item.status === 'planning' || item.status === 'sending';
    const ok = typeof req.query.ok === 'string' ? OK_MESSAGES[req.query.ok] : undefined;
    const body = html`<h1>${item.title}</h1>
<section class="card"><dl class="facts">
<dt>Lĩnh vực</dt><dd>${topicTitle(item.topic)}</dd>
<dt>Trạng thái</dt><dd>${STATUS_LABELS[item.status] ?? item.status}</dd>
<dt>Gửi lúc</dt><dd>${display.formatDateTime(item.scheduledAt)}</dd>
<dt>Hết hạn</dt><dd>${display.formatDateTime(item.expiresAt)}</dd>
<dt>Người soạn</dt><dd>${item.createdBy}</dd>
${item.link ? html`<dt>Đường dẫn</dt><dd><a href="${safeHref(item.link.url)}" rel="noopener noreferrer">${item.link.url}</a></dd>` : ''}
${item.imageUrl ? html`<dt>Ảnh</dt><dd>${item.imageUrl}</dd>` : ''}
</dl><p class="question">${item.text}</p></section>
<section class="card"><h2>Tiến độ</h2>
<table><thead><tr>${PROGRESS_HEAD}</tr></thead><tbody><tr>${progressCells(progress)}</tr></tbody></table>
<p class="muted">Trong số đã gửi, ${progress.sentAtNextContact} người nhận khi nhắn tới lần sau. ${progress.cancelled} người đã hủy đăng ký trước khi tin được gửi.</p>
${open && mayWithdrawNews(staff, item.createdBy) ? html`<form method="post" action="${CONSOLE_BASE}/news/${item.id}/cancel">${csrfInput(csrfTokenOf(req))}<button type="submit" class="secondary">Thu hồi tin</button></form>` : ''}
</section><p><a href="${CONSOLE_BASE}/news">← Danh sách tin</a></p>`;
    sendPage(
      res,
      layout({ display, title: item.title, staff, csrfToken: csrfTokenOf(req), active: 'news', flash: ok ? { kind: 'ok', text: ok } : undefined, body }),
    );
  }

  router.get('/news', allowed, (req, res, next) => listPage(req, res).catch(next));

  router.post('/news', allowed, async (req, res, next) => {
    const fields = bodyOf(req);
    try {
      const now = new Date();
      const scheduledAt = localDateTime(fields, 'scheduledAt', 'Thời điểm gửi', options.timezone) ?? now;
      const input: ComposeNewsInput = {
        topic: textField(fields, 'topic', { label: 'lĩnh vực', max: 64 }),
        title: textField(fields, 'title', { label: 'tiêu đề', max: MAX_TITLE_LENGTH }),
        text: textField(fields, 'text', { label: 'nội dung', max: MAX_TEXT_LENGTH }),
        linkUrl: textField(fields, 'linkUrl', { label: 'Đường dẫn', max: 2_000, optional: true }),
        linkTitle: textField(fields, 'linkTitle', { label: 'Chữ trên nút', max: 20, optional: true }),
        imageUrl: textField(fields, 'imageUrl', { label: 'Ảnh', max: 2_000, optional: true }),
        scheduledAt,
        expiresAt: localDateTime(fields, 'expiresAt', 'Thời điểm hết hạn', options.timezone) ?? new Date(scheduledAt.getTime() + 7 * DAY_MS),
      };
      const item = await composeNews(input, currentStaff(req), now);
      res.redirect(303, `${CONSOLE_BASE}/news/${item.id}?ok=created`);
    } catch (err) {
      if (err instanceof InputError) {
        await listPage(req, res, 400, { kind: 'error', text: err.message }, fields).catch(next);
        return;
      }
      next(err);
    }
  });

  router.get('/news/:id', allowed, async (req, res, next) => {
    try {
      await itemPage(req, res, await getNews(idParam(req.params.id)));
    } catch (err) {
      next(err);
    }
  });

  router.post('/news/:id/cancel', allowed, async (req, res, next) => {
    try {
      const item = await cancelNews(idParam(req.params.id), currentStaff(req), wakeOutbox);
      res.redirect(303, `${CONSOLE_BASE}/news/${item.id}?ok=cancelled`);
    } catch (err) {
      next(err);
    }
  });

  return {
    router,
    nav: { key: 'news', href: `${CONSOLE_BASE}/news`, label: 'Tin gửi người đăng ký', labelEn: 'News', roles: ['lead'] },
    attach: (core) => {
      service = core;
    },
  };
}
