import { Router } from 'express';
import { InputError } from '../../errors.js';
import type { TicketRecord } from '../../services/tickets/index.js';
import { currentStaff, requireStaff } from '../auth/require-staff.js';
import type { ConsoleContext } from '../context.js';
import { bodyOf, idParam, textField } from '../input.js';
import { endTakeover, newClientMessageId, sendTakeoverMessage, startTakeover, takeoverOf } from '../takeover/service.js';
import { CONSOLE_BASE } from '../views/layout.js';
import { renderTakeoverPage } from '../views/takeover-page.js';
import { flashFromQuery, hideTicketAccess, sendPage, wantsJson } from './respond.js';
import { accessibleTicket, transcriptOf } from './ticket-data.js';

/** Live takeover of a ticket's conversation: the page, start, send, hand back. */
export function takeoverRoutes(ctx: ConsoleContext): Router {
  const router = Router();
  const idleMinutes = ctx.config.console.takeoverIdleMinutes;
  const idleMs = idleMinutes * 60_000;

  router.get('/tickets/:id/takeover', requireStaff(), async (req, res, next) => {
    try {
      const staff = currentStaff(req);
      const ticket = await accessibleTicket(idParam(req.params.id), staff);
      if (!ticket.contactKey) throw new InputError('Dữ liệu của người dân trên phiếu này đã bị xoá.', 409, 'takeover_conflict');
      const [transcript, current] = await Promise.all([transcriptOf(ticket.contactKey, 200, { ticket, staff }), takeoverOf(ticket.contactKey)]);
      sendPage(
        res,
        renderTakeoverPage({
          display: ctx.display,
          staff,
          csrfToken: req.consoleSession!.csrfToken,
          ticket: ticket as TicketRecord & { contactKey: string },
          transcript,
          takeover: current?.state,
          idleMinutes,
          clientId: newClientMessageId(),
          flash: flashFromQuery(req),
        }),
      );
    } catch (err) {
      next(err);
    }
  });

  router.post('/tickets/:id/takeover/start', requireStaff(), async (req, res, next) => {
    try {
      const id = idParam(req.params.id);
      try {
        await startTakeover(id, currentStaff(req), idleMs, ctx.wakeOutbox);
      } catch (err) {
        throw hideTicketAccess(err);
      }
      res.redirect(303, `${CONSOLE_BASE}/tickets/${id}/takeover?ok=takeover`);
    } catch (err) {
      next(err);
    }
  });

  router.post('/tickets/:id/takeover/message', requireStaff(), async (req, res, next) => {
    try {
      const id = idParam(req.params.id);
      const fields = bodyOf(req);
      const text = textField(fields, 'text', { label: 'nội dung tin nhắn', max: 4_000 });
      const clientId = textField(fields, 'clientId', { label: 'mã biểu mẫu', max: 64 });
      let result;
      try {
        result = await sendTakeoverMessage(id, text, clientId, currentStaff(req), ctx.wakeOutbox);
      } catch (err) {
        throw hideTicketAccess(err);
      }
      ctx.feed.wake();
      if (wantsJson(req)) {
        res.status(202).json({ queued: true, created: result.created, outboxKey: result.outboxKey, nextClientId: newClientMessageId() });
        return;
      }
      res.redirect(303, `${CONSOLE_BASE}/tickets/${id}/takeover`);
    } catch (err) {
      next(err);
    }
  });

  router.post('/tickets/:id/takeover/end', requireStaff(), async (req, res, next) => {
    try {
      const id = idParam(req.params.id);
      try {
        await endTakeover(id, currentStaff(req), ctx.wakeOutbox);
      } catch (err) {
        throw hideTicketAccess(err);
      }
      ctx.feed.wake();
      res.redirect(303, `${CONSOLE_BASE}/tickets/${id}?ok=handed_back`);
    } catch (err) {
      next(err);
    }
  });

  return router;
}
