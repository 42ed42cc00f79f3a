import { Router, type Request } from 'express';
import { currentStaff, hideTicketAccess, idParam, requireStaff } from '../../console/index.js';
import { TOPIC_IDS, type TopicId } from '../../content/index.js';
import { InputError } from '../../errors.js';
import { assertCanAccessTicket, loadTicket } from '../../services/tickets/index.js';
import type { TicketRecord } from '../../services/tickets/record.js';
import { listDrafts, proposeDraft } from '../drafts.js';
import { nextFaqId } from '../faq-form.js';
import type { ContentLibrary } from '../library.js';
import { earlierAnswerSuggestions, faqSuggestions, withoutPersonalDetails } from '../suggestions.js';
import { CONTENT_BASE } from './views.js';

/**
 * For officers on a ticket page: `GET /console/api/tickets/:id/suggestions` (the three closest FAQ
 * entries and three earlier answers of the ticket's department, without personal details) and
 * `POST /console/api/tickets/:id/propose-faq` (the ticket's answer as a draft FAQ entry).
 */
export function ticketHelpRoutes(library: () => ContentLibrary): Router {
  const router = Router();
  const staffOnTicket = requireStaff(['officer', 'lead']);

  async function ticketFor(req: Request): Promise<TicketRecord> {
    try {
      const ticket = await loadTicket(idParam(req.params.id));
      assertCanAccessTicket(currentStaff(req), ticket);
      return ticket;
    } catch (err) {
      throw hideTicketAccess(err);
    }
  }

  router.get('/api/tickets/:id/suggestions', staffOnTicket, async (req, res, next) => {
    try {
      const ticket = await ticketFor(req);
      const answers = await earlierAnswerSuggestions({
        id: ticket.id,
        question: ticket.question,
        language: ticket.language,
        departmentCode: ticket.departmentCode,
      });
      res.json({
        faq: faqSuggestions(library(), ticket.question, ticket.language),
        answers,
        proposeAction: ticket.answer?.text ? `/console/api/tickets/${ticket.id}/propose-faq` : undefined,
      });
    } catch (err) {
      next(err);
    }
  });

  router.post('/api/tickets/:id/propose-faq', staffOnTicket, async (req, res, next) => {
    try {
      const ticket = await ticketFor(req);
      if (!ticket.answer?.text) throw new InputError('Phiếu chưa có câu trả lời để đề xuất.', 409, 'not_answered');
      const topic: TopicId = (TOPIC_IDS as readonly string[]).includes(ticket.topic ?? '') ? (ticket.topic as TopicId) : 'thu-tuc-hanh-chinh';
      const current = library().current().items;
      const drafts = await listDrafts();
      if (drafts.some((d) => d.origin?.kind === 'ticket' && d.origin.ref === ticket.id))
        throw new InputError('Câu trả lời của phiếu này đã được đề xuất.', 409, 'already_proposed');
      const key = nextFaqId(
        topic,
        current.filter((i) => i.kind === 'faq' && i.value.topic === topic).map((i) => i.key),
        [...current.map((i) => i.key), ...drafts.map((d) => d.key)],
      );
      const known = [ticket.contact?.name, ticket.contact?.phone, ticket.contact?.email, ticket.contact?.address];
      const value = {
        id: key,
        topic,
        question: {
          vi: ticket.language === 'vi' ? withoutPersonalDetails(ticket.question, known) : '',
          en: ticket.language === 'en' ? withoutPersonalDetails(ticket.question, known) : '',
        },
        answer: {
          vi: ticket.language === 'vi' ? withoutPersonalDetails(ticket.answer.text, known) : '',
          en: ticket.language === 'en' ? withoutPersonalDetails(ticket.answer.text, known) : '',
        },
        sources: [],
        reviewedAt: new Date().toISOString().slice(0, 10),
      };
      const draft = await proposeDraft({ kind: 'faq', key, value, origin: { kind: 'ticket', ref: ticket.id } }, currentStaff(req));
      res.status(201).json({ draft, href: `${CONTENT_BASE}/faq/${key}` });
    } catch (err) {
      next(err);
    }
  });
  return router;
}
