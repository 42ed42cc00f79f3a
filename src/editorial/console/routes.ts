import { Router, type Request, type Response } from 'express';
import { faqText } from '../../../flows/search.js';
import {
  bodyOf,
  type ConsolePage,
  csrfTokenOf,
  consoleDisplayOf,
  currentStaff,
  type Flash,
  intField,
  loadTopicLabels,
  queryOf,
  requireStaff,
  sendPage,
  textField,
} from '../../console/index.js';
import type { Content } from '../../content/index.js';
import { InputError, NotFoundError } from '../../errors.js';
import {
  canPublish,
  checkDraft,
  discardDraft,
  DRAFT_ROLES,
  DraftProblemsError,
  listDrafts,
  publishDraft,
  readDraft,
  restoreVersion,
  saveDraft,
  submitDraft,
  type DraftOrigin,
} from '../drafts.js';
import { faqEntryFromForm, faqFormValues, nextFaqId, topicField } from '../faq-form.js';
import { ITEM_KINDS, itemId, parseItemId, type ItemKind } from '../files.js';
import type { ContentLibrary } from '../library.js';
import type { WakeOutbox } from '../../outbox/wake.js';
import { readPublishedItem } from '../store.js';
import { countOpenUnanswered, readUnanswered } from '../unanswered.js';
import { renderOverview } from './overview.js';
import { ticketHelpRoutes } from './ticket-help.js';
import { unansweredRoutes } from './unanswered-page.js';
import { cancelEvent, registrantsCsv } from '../events.js';
import { countRegistrations } from '../../services/events.js';
import { CONTENT_BASE, editHref, eventPanel, renderFaqEdit, renderItemEdit, type PageFrame } from './views.js';

const OK_MESSAGES: Record<string, string> = {
  saved: 'Đã lưu bản nháp. Người dân chưa thấy thay đổi này.',
  submitted: 'Đã gửi duyệt. Lãnh đạo phòng hoặc quản trị sẽ xuất bản.',
  published: 'Đã xuất bản. Trợ lý dùng nội dung mới trên mọi máy chủ trong vài giây.',
  discarded: 'Đã bỏ bản nháp.',
  restored: 'Đã khôi phục và xuất bản lại phiên bản đã chọn.',
  cancelled: 'Đã huỷ sự kiện; người đã đăng ký được báo qua kênh họ dùng.',
};

/** Skeletons for a new item edited as file text. */
const NEW_ITEM_TEMPLATES: Partial<Record<ItemKind, Record<string, unknown>>> = {
  event: {
    id: '',
    kind: 'workshop',
    topic: '',
    title: { vi: '', en: '' },
    description: { vi: '', en: '' },
    startsAt: '',
    endsAt: '',
    registrationClosesAt: '',
    place: { vi: '', en: '' },
    capacity: 50,
    audience: { vi: '', en: '' },
  },
  document: { id: '', number: '', type: 'decision', title: { vi: '', en: '' }, issuer: { vi: '', en: '' }, status: 'in_force' },
};

function flashOf(req: Request): Flash | undefined {
  const ok = typeof req.query.ok === 'string' ? OK_MESSAGES[req.query.ok] : undefined;
  return ok ? { kind: 'ok', text: ok } : undefined;
}

function keyParam(value: unknown): string {
  if (typeof value !== 'string' || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(value) || value.length > 100) throw new InputError('Mã không hợp lệ.', 404, 'not_found');
  return value;
}

function idParamOf(value: unknown): { kind: ItemKind; key: string } {
  const parsed = typeof value === 'string' ? parseItemId(value) : undefined;
  if (!parsed) throw new InputError('Mục nội dung không hợp lệ.', 404, 'not_found');
  return parsed;
}

function originOf(value: unknown): DraftOrigin | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const [kind, ...rest] = value.split(':');
  const ref = rest.join(':');
  return (kind === 'unanswered' || kind === 'ticket') && ref ? { kind, ref } : undefined;
}

function previewOf(content: Content | undefined, key: string): { vi: string; en: string } | undefined {
  const entry = content?.faqById.get(key);
  return content && entry ? { vi: faqText({ content }, entry, 'vi'), en: faqText({ content }, entry, 'en') } : undefined;
}

export interface ContentPagesOptions {
  /** The instance's published content (available once the service set up). */
  library: () => ContentLibrary;
  contentDir?: string;
  /** Zone of the times in registrant lists and notices (`config.timezone`). */
  timezone: string;
  /** The service's outbox wake-up, told of the notices an event's cancellation queues. */
  wakeOutbox: WakeOutbox;
}

/**
 * The console's content section at `/console/content` (editors, leads, admins): the FAQ with a
 * form per entry, topic pages, legal documents, events, the reception schedule as file text;
 * drafts saved, checked with `content:check`'s rules and previewed as the bot will answer;
 * published by a lead or admin, with every version kept and restorable.
 */
export function createContentPages(options: ContentPagesOptions): ConsolePage {
  const router = Router();
  const topics = loadTopicLabels(options.contentDir ?? 'content');
  const allowed = requireStaff(DRAFT_ROLES);
  router.use(unansweredRoutes(topics));
  router.use(ticketHelpRoutes(options.library));
  const frame = (req: Request, res: Response, flash?: Flash): PageFrame => ({
    display: consoleDisplayOf(res),
    staff: currentStaff(req),
    csrfToken: csrfTokenOf(req),
    flash: flash ?? flashOf(req),
  });

  router.get('/content', allowed, async (req, res, next) => {
    try {
      const q = queryOf(req);
      const library = options.library();
      sendPage(
        res,
        renderOverview({
          ...frame(req, res),
          drafts: await listDrafts(),
          items: library.current().items,
          topics,
          query: textField(q, 'q', { label: 'Tìm', max: 200, optional: true }) ?? '',
          topic: textField(q, 'topic', { label: 'Lĩnh vực', max: 100, optional: true }) ?? '',
          unansweredCount: await countOpenUnanswered(),
        }),
      );
    } catch (err) {
      next(err);
    }
  });

  async function faqPage(
    req: Request,
    res: Response,
    key: string,
    extra: { isNew?: boolean; topic?: string; fromQuestion?: string; origin?: string } = {},
  ): Promise<void> {
    const library = options.library();
    const id = itemId('faq', key);
    const [draft, published] = await Promise.all([readDraft(id), readPublishedItem(id)]);
    if (!draft && !published && !extra.isNew) throw new NotFoundError(`Câu hỏi ${key}`);
    const value = draft?.value ?? published?.value ?? { id: key, topic: extra.topic, reviewedAt: new Date().toISOString().slice(0, 10) };
    const checked = draft ? checkDraft(draft, library) : { problems: [], content: library.current().content };
    const staff = currentStaff(req);
    sendPage(
      res,
      renderFaqEdit({
        ...frame(req, res),
        values: { ...faqFormValues(value), ...(extra.fromQuestion && !draft ? { questionVi: extra.fromQuestion } : {}) },
        isNew: !draft && !published,
        topics,
        published,
        draft,
        problems: checked.problems,
        preview: previewOf(checked.content, key),
        mayPublish: canPublish(staff),
        fromQuestion: extra.fromQuestion,
        origin: extra.origin,
      }),
    );
  }

  router.get('/content/faq/new', allowed, async (req, res, next) => {
    try {
      const q = queryOf(req);
      const topic = topicField(q.topic);
      const library = options.library();
      const used = [...library.current().items.map((i) => i.key), ...(await listDrafts()).map((d) => d.key)];
      const topicIds = library
        .current()
        .items.filter((i) => i.kind === 'faq' && i.value.topic === topic)
        .map((i) => i.key);
      const key = nextFaqId(topic, topicIds, used);
      const from = typeof q.from === 'string' ? await readUnanswered(q.from) : undefined;
      await faqPage(req, res, key, { isNew: true, topic, fromQuestion: from?.text, origin: from ? `unanswered:${from.id}` : undefined });
    } catch (err) {
      next(err);
    }
  });

  router.get('/content/faq/:key', allowed, async (req, res, next) => {
    try {
      await faqPage(req, res, keyParam(req.params.key));
    } catch (err) {
      next(err);
    }
  });

  router.post('/content/faq/:key', allowed, async (req, res, next) => {
    try {
      const key = keyParam(req.params.key);
      const fields = bodyOf(req);
      const id = itemId('faq', key);
      const base = (await readDraft(id))?.value ?? (await readPublishedItem(id))?.value ?? {};
      const value = faqEntryFromForm(fields, base, key, topicField(fields.topic));
      await saveDraft({ kind: 'faq', key, value, origin: originOf(fields.origin) }, currentStaff(req));
      res.redirect(303, `${editHref(id)}?ok=saved`);
    } catch (err) {
      next(err);
    }
  });

  function draftAction(action: string, run: (id: string, req: Request) => Promise<void>, ok: string): void {
    router.post(`/content/drafts/:id/${action}`, allowed, async (req, res, next) => {
      try {
        const { kind, key } = idParamOf(req.params.id);
        const id = itemId(kind, key);
        try {
          await run(id, req);
        } catch (err) {
          // The page lists the problems again, computed from the saved draft.
          if (err instanceof DraftProblemsError) {
            res.redirect(303, `${editHref(id)}?problems=${err.problems.length}#problems`);
            return;
          }
          throw err;
        }
        res.redirect(303, ok === 'discarded' && !(await readPublishedItem(id)) ? `${CONTENT_BASE}?ok=${ok}` : `${editHref(id)}?ok=${ok}`);
      } catch (err) {
        next(err);
      }
    });
  }
  draftAction('submit', (id, req) => submitDraft(id, currentStaff(req), options.library()), 'submitted');
  draftAction('publish', (id, req) => publishDraft(id, currentStaff(req), options.library()), 'published');
  draftAction('discard', (id, req) => discardDraft(id, currentStaff(req)), 'discarded');

  router.post('/content/items/:id/restore', allowed, async (req, res, next) => {
    try {
      const { kind, key } = idParamOf(req.params.id);
      const id = itemId(kind, key);
      const version = intField(bodyOf(req), 'version', { label: 'Phiên bản', min: 1, max: 1_000_000, default: 0 });
      try {
        await restoreVersion(id, version, currentStaff(req), options.library());
      } catch (err) {
        if (err instanceof DraftProblemsError)
          throw new InputError(
            `Không khôi phục được: phiên bản ${version} không còn đạt kiểm tra nội dung (${err.problems.map((p) => `${p.field}: ${p.message}`).join('; ')}).`,
          );
        throw err;
      }
      res.redirect(303, `${editHref(id)}?ok=restored`);
    } catch (err) {
      next(err);
    }
  });

  router.get('/content/events/:key/registrants.csv', allowed, async (req, res, next) => {
    try {
      const key = keyParam(req.params.key);
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="dang-ky-${key}.csv"`);
      res.setHeader('Cache-Control', 'no-store');
      res.send(await registrantsCsv(key, options.timezone));
    } catch (err) {
      next(err);
    }
  });

  router.post('/content/events/:key/cancel', allowed, async (req, res, next) => {
    try {
      const key = keyParam(req.params.key);
      const reason = textField(bodyOf(req), 'reason', { label: 'Lý do', max: 300, optional: true });
      const told = await cancelEvent(key, reason, currentStaff(req), options.library(), options.timezone, options.wakeOutbox);
      res.redirect(303, `${CONTENT_BASE}?ok=cancelled&told=${told}`);
    } catch (err) {
      next(err);
    }
  });

  async function itemPage(req: Request, res: Response, kind: ItemKind, key: string, status = 200, override?: { text: string; problem: string }): Promise<void> {
    const id = itemId(kind, key);
    const [draft, published] = await Promise.all([readDraft(id), readPublishedItem(id)]);
    const value = draft?.value ?? published?.value ?? NEW_ITEM_TEMPLATES[kind] ?? {};
    const problems = override ? [{ own: true, field: '', file: '', message: override.problem }] : draft ? checkDraft(draft, options.library()).problems : [];
    const mayPublish = canPublish(currentStaff(req));
    const extra =
      kind === 'event' && published
        ? eventPanel(frame(req, res), key, await countRegistrations(key), Number(published.value.capacity ?? 0), mayPublish)
        : undefined;
    sendPage(
      res,
      renderItemEdit({ ...frame(req, res), id, kind, text: override?.text ?? JSON.stringify(value, null, 2), published, draft, problems, mayPublish, extra }),
      status,
    );
  }

  router.get('/content/items/new', allowed, async (req, res, next) => {
    try {
      const kind = textField(queryOf(req), 'kind', { label: 'Loại', max: 20 });
      if (kind !== 'event' && kind !== 'document') throw new InputError('Chỉ thêm mới được sự kiện hoặc văn bản ở đây.');
      await itemPage(req, res, kind, 'new');
    } catch (err) {
      next(err);
    }
  });

  router.get('/content/items/:id', allowed, async (req, res, next) => {
    try {
      const { kind, key } = idParamOf(req.params.id);
      if (kind === 'faq') {
        res.redirect(303, editHref(itemId(kind, key)));
        return;
      }
      const id = itemId(kind, key);
      if (!(await readDraft(id)) && !(await readPublishedItem(id))) throw new NotFoundError(`Mục ${id}`);
      await itemPage(req, res, kind, key);
    } catch (err) {
      next(err);
    }
  });

  router.post('/content/items/:id', allowed, async (req, res, next) => {
    try {
      const { kind, key } = idParamOf(req.params.id);
      if (kind === 'faq' || !ITEM_KINDS.includes(kind)) throw new InputError('Hỏi đáp được soạn ở trang riêng.');
      const text = textField(bodyOf(req), 'json', { label: 'Nội dung', max: 200_000 });
      let value: unknown;
      try {
        value = JSON.parse(text.normalize('NFC'));
      } catch (err) {
        await itemPage(req, res, kind, key, 400, { text, problem: `Không đọc được JSON: ${err instanceof Error ? err.message : String(err)}` });
        return;
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        await itemPage(req, res, kind, key, 400, { text, problem: 'Nội dung phải là một đối tượng JSON { … }.' });
        return;
      }
      const record = value as Record<string, unknown>;
      // New events and documents take their key from the id typed; a key never changes afterwards.
      const finalKey = key === 'new' ? keyParam(record.id) : key;
      if (['event', 'document', 'topic'].includes(kind) && record.id !== finalKey) {
        await itemPage(req, res, kind, key, 400, { text, problem: `Trường "id" phải là "${finalKey}" (mã của mục không đổi được).` });
        return;
      }
      await saveDraft({ kind, key: finalKey, value: record }, currentStaff(req));
      res.redirect(303, `${editHref(itemId(kind, finalKey))}?ok=saved`);
    } catch (err) {
      next(err);
    }
  });

  return { router, nav: { key: 'content', href: CONTENT_BASE, label: 'Nội dung', labelEn: 'Content', roles: ['editor', 'lead'] } };
}
