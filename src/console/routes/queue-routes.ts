import { Router } from 'express';
import { CHANNELS } from '../../domain/vocabulary.js';
import { TICKET_KINDS, TICKET_STATUSES } from '../../db/models/ticket.js';
import { ForbiddenError, InputError } from '../../errors.js';
import { isIsoDate } from '../../services/zoned-time.js';
import { currentStaff, requireStaff } from '../auth/require-staff.js';
import type { ConsoleContext } from '../context.js';
import { choiceField, codeField, intField, queryOf, textField } from '../input.js';
import { listQueue, type QueueFilter } from '../queue/query.js';
import { renderQueuePage } from '../views/queue-page.js';
import { CONSOLE_BASE } from '../views/layout.js';
import { departmentChoices } from './directory.js';
import { flashFromQuery, sendPage } from './respond.js';

function dateField(value: string | undefined, label: string): string | undefined {
  if (value === undefined) return undefined;
  if (!isIsoDate(value)) throw new InputError(`${label} phải có dạng YYYY-MM-DD.`);
  return value;
}

/** The department queue (`/console/queue`). Leads and officers see only their department. */
export function queueRoutes(ctx: ConsoleContext): Router {
  const router = Router();

  router.get('/', (_req, res) => res.redirect(303, `${CONSOLE_BASE}/queue`));

  router.get('/queue', requireStaff(), async (req, res, next) => {
    try {
      const staff = currentStaff(req);
      // Content editors handle content, not people's questions: their start page is the content list.
      if (staff.role === 'editor') {
        res.redirect(303, `${CONSOLE_BASE}/content`);
        return;
      }
      const q = queryOf(req);
      const asked = codeField(q, 'department', { label: 'Phòng ban', optional: true });
      if (staff.role !== 'admin' && asked && asked !== staff.departmentCode) {
        throw new ForbiddenError('Bạn chỉ xem được hàng đợi của phòng mình.');
      }
      const filter: QueueFilter = {
        departmentCode: staff.role === 'admin' ? asked : staff.departmentCode,
        status: choiceField(q, 'status', TICKET_STATUSES, { label: 'Trạng thái', optional: true }) ?? 'new',
        kind: choiceField(q, 'kind', TICKET_KINDS, { label: 'Loại', optional: true }),
        topic: codeField(q, 'topic', { label: 'Chủ đề', optional: true }),
        channel: choiceField(q, 'channel', CHANNELS, { label: 'Kênh', optional: true }),
        from: dateField(textField(q, 'from', { label: 'Từ ngày', max: 10, optional: true }), 'Từ ngày'),
        to: dateField(textField(q, 'to', { label: 'Đến ngày', max: 10, optional: true }), 'Đến ngày'),
        q: textField(q, 'q', { label: 'Từ khoá tìm kiếm', max: 200, optional: true }),
        page: intField(q, 'page', { label: 'Trang', min: 1, max: 10_000, default: 1 }),
      };
      const now = new Date();
      const [result, departments] = await Promise.all([listQueue(filter, ctx.tickets.calendar, now), departmentChoices()]);
      const visible = staff.role === 'admin' ? departments : departments.filter((d) => d.code === staff.departmentCode);
      sendPage(
        res,
        renderQueuePage({
          display: ctx.display,
          staff,
          csrfToken: req.consoleSession!.csrfToken,
          filter,
          result,
          departments: visible,
          topics: ctx.topics,
          now,
          flash: flashFromQuery(req),
        }),
      );
    } catch (err) {
      next(err);
    }
  });

  return router;
}
