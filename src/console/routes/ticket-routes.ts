import { Router, type Request, type Response } from 'express';
import type { StaffRole } from '../../db/models/staff.js';
import { AppError, InputError } from '../../errors.js';
import {
  addNote,
  answerTicket,
  closeTicket,
  getTicketForStaff,
  listAnswerDeliveries,
  reassignTicket,
  reopenTicket,
  setInProgress,
  type TicketRecord,
} from '../../services/tickets/index.js';
import { currentStaff, requireStaff } from '../auth/require-staff.js';
import type { ConsoleStaff } from '../auth/types.js';
import type { ConsoleContext } from '../context.js';
import { bodyOf, codeField, idParam, intField, textField } from '../input.js';
import { takeoverOf } from '../takeover/service.js';
import { renderDeliveries } from '../views/delivery.js';
import { CONSOLE_BASE, type Flash } from '../views/layout.js';
import { renderTicketPage } from '../views/ticket-page.js';
import { departmentChoices } from './directory.js';
import { flashFromQuery, hideTicketAccess, sendPage } from './respond.js';
import { accessibleTicket, staffNamesFor, transcriptOf } from './ticket-data.js';

/**
 * The ticket page and every action on it. All of them check access on the server; moving a
 * ticket to another department is for leads (and admins).
 */
export function ticketRoutes(ctx: ConsoleContext): Router {
  const router = Router();

  async function renderTicket(req: Request, res: Response, ticket: TicketRecord, status = 200, flash?: Flash, draftAnswer?: string): Promise<void> {
    const staff = currentStaff(req);
    const [transcript, deliveries, departments, takeover] = await Promise.all([
      transcriptOf(ticket.contactKey, undefined, { ticket, staff }),
      listAnswerDeliveries(ticket),
      departmentChoices({ activeOnly: true }),
      ticket.contactKey ? takeoverOf(ticket.contactKey) : Promise.resolve(undefined),
    ]);
    const staffNames = await staffNamesFor(ticket, transcript);
    sendPage(
      res,
      renderTicketPage({
        display: ctx.display,
        staff,
        csrfToken: req.consoleSession!.csrfToken,
        ticket,
        transcript,
        deliveries,
        departments,
        topics: ctx.topics,
        staffNames,
        takeover: takeover?.state,
        now: new Date(),
        flash: flash ?? flashFromQuery(req),
        draftAnswer,
      }),
      status,
    );
  }

  router.get('/tickets/:id', requireStaff(), async (req, res, next) => {
    try {
      const staff = currentStaff(req);
      let ticket: TicketRecord;
      try {
        ticket = await getTicketForStaff(ctx.tickets, idParam(req.params.id), staff);
      } catch (err) {
        throw hideTicketAccess(err);
      }
      await renderTicket(req, res, ticket);
    } catch (err) {
      next(err);
    }
  });

  router.get('/api/tickets/:id/deliveries', requireStaff(), async (req, res, next) => {
    try {
      const ticket = await accessibleTicket(idParam(req.params.id), currentStaff(req));
      const deliveries = await listAnswerDeliveries(ticket);
      res.setHeader('Cache-Control', 'no-store');
      res.json({
        status: ticket.status,
        pending: deliveries.some((d) => d.status === 'pending'),
        deliveries: deliveries.map((d) => ({ key: d.key, status: d.status, sentAt: d.sentAt, outcome: d.outcome })),
        html: renderDeliveries(ctx.display, deliveries, ticket.contact).value,
      });
    } catch (err) {
      next(err);
    }
  });

  /**
   * Runs one action: on success redirects to `redirect(ticket)`; when the action is refused
   * for a reason the officer can fix (bad input, wrong state), shows the ticket again with
   * the reason and what they typed.
   */
  function action(
    path: string,
    run: (req: Request, staff: ConsoleStaff, id: string) => Promise<{ redirect: string }>,
    options: { draftField?: string; roles?: StaffRole[] } = {},
  ) {
    const { draftField } = options;
    router.post(`/tickets/:id/${path}`, requireStaff(options.roles), async (req, res, next) => {
      const staff = currentStaff(req);
      try {
        const id = idParam(req.params.id);
        await accessibleTicket(id, staff);
        let target: { redirect: string };
        try {
          target = await run(req, staff, id);
        } catch (err) {
          const hidden = hideTicketAccess(err);
          if (hidden instanceof InputError || (hidden instanceof AppError && hidden.status === 409)) {
            const ticket = await accessibleTicket(id, staff);
            const draft = draftField ? bodyOf(req)[draftField] : undefined;
            await renderTicket(req, res, ticket, hidden.status, { kind: 'error', text: hidden.message }, typeof draft === 'string' ? draft : undefined);
            return;
          }
          throw hidden;
        }
        res.redirect(303, target.redirect);
      } catch (err) {
        next(err);
      }
    });
  }

  const back = (id: string, ok: string, anchor = '') => ({ redirect: `${CONSOLE_BASE}/tickets/${id}?ok=${ok}${anchor}` });

  action(
    'answer',
    async (req, staff, id) => {
      const fields = bodyOf(req);
      const text = textField(fields, 'text', { label: 'câu trả lời', max: 10_000 });
      const n = intField(fields, 'n', { label: 'Số thứ tự câu trả lời', min: 1, max: 1_000, default: 0 });
      await answerTicket(ctx.tickets, id, text, staff, { wakeOutbox: ctx.wakeOutbox, ...(n > 0 ? { n } : {}) });
      return back(id, 'answered', '#deliveries');
    },
    { draftField: 'text' },
  );

  action('note', async (req, staff, id) => {
    await addNote(ctx.tickets, id, textField(bodyOf(req), 'text', { label: 'ghi chú', max: 5_000 }), staff);
    return back(id, 'note', '#history');
  });

  action('in-progress', async (_req, staff, id) => {
    await setInProgress(ctx.tickets, id, staff);
    return back(id, 'in_progress');
  });

  action('close', async (req, staff, id) => {
    await closeTicket(ctx.tickets, id, staff, { reason: textField(bodyOf(req), 'reason', { label: 'lý do', max: 1_000, optional: true }) });
    return back(id, 'closed');
  });

  action('reopen', async (req, staff, id) => {
    await reopenTicket(ctx.tickets, id, textField(bodyOf(req), 'reason', { label: 'lý do mở lại', max: 1_000 }), staff);
    return back(id, 'reopened');
  });

  action(
    'reassign',
    async (req, staff, id) => {
      const fields = bodyOf(req);
      const to = codeField(fields, 'departmentCode', { label: 'phòng nhận' })!;
      const reason = textField(fields, 'reason', { label: 'lý do chuyển', max: 1_000 });
      const ticket = await reassignTicket(ctx.tickets, id, to, reason, staff);
      // After moving it away, a lead or officer can no longer open it: back to their queue.
      return staff.role === 'admin' ? back(id, 'reassigned') : { redirect: `${CONSOLE_BASE}/queue?status=${ticket.status}&ok=reassigned` };
    },
    { roles: ['lead'] },
  );

  return router;
}
