import { InputError, NotFoundError } from '../src/errors.js';
import { findTicketByCode, isOverdue, listTicketsForContact, normaliseTicketCode, type TicketRecord } from '../src/services/tickets/index.js';
import type { FlowApp } from './engine/app.js';
import { addFlow, step } from './engine/flow-dialog.js';
import type { CommandRouter } from './engine/router.js';
import { FlowTurn } from './engine/turn.js';
import { finish, menuButton, withMenuButton } from './menu.js';
import { buildRatingPrompt } from './satisfaction.js';
import { departmentName } from './shared/departments.js';
import { formatDate, shorten } from './shared/format.js';
import { Command, payload } from './shared/payloads.js';

const TRACK_FLOW = 'track';
/** A ticket code inside typed text, however it was typed ("khcn 2026 42", "KHCN-2026-00042"). */
const TICKET_CODE_IN_TEXT = /\bkhcn[\s_-]*\d{4}[\s_-]*\d{1,9}\b/i;

/** Shows one of the person's tickets: status, department, dates, and the answer once there is one; then asks for a rating if none was given. */
async function showTicket(turn: FlowTurn, ticket: TicketRecord): Promise<void> {
  const language = turn.language;
  const parts = [
    turn.t('track:ticket', {
      code: ticket.code,
      kind: turn.t(`shared:kind.${ticket.kind}`),
      status: turn.t(`shared:status.${ticket.status}`),
      department: await departmentName(ticket.departmentCode, language),
      received: formatDate(ticket.createdAt, language, turn.timeZone),
      due: formatDate(ticket.dueAt, language, turn.timeZone),
      question: shorten(ticket.question, 300),
    }),
  ];
  if (ticket.answer) {
    parts.push(turn.t('track:answer', { date: formatDate(ticket.answer.at, language, turn.timeZone), answer: ticket.answer.text }));
  } else if (isOverdue(ticket, turn.now())) {
    parts.push(turn.t('track:overdue'));
  } else {
    parts.push(turn.t('track:waiting'));
  }
  await turn.say({ text: parts.join('\n\n'), quickReplies: withMenuButton(language, [{ title: turn.t('track:other_button'), payload: Command.track }]) });
  if (ticket.answer && !ticket.rating) await turn.say(buildRatingPrompt(ticket.code, language));
}

type LookUp = { found: TicketRecord } | { problem: 'invalid' | 'missing' };

async function lookUp(turn: FlowTurn, typed: string): Promise<LookUp> {
  let code: string;
  try {
    code = normaliseTicketCode(typed);
  } catch (err) {
    if (err instanceof InputError) return { problem: 'invalid' };
    throw err;
  }
  try {
    // Only the person's own tickets: someone else's code reads as unknown.
    return { found: await findTicketByCode(code, turn.contactKey) };
  } catch (err) {
    if (err instanceof NotFoundError) return { problem: 'missing' };
    throw err;
  }
}

async function listOpen(turn: FlowTurn): Promise<void> {
  const tickets = await listTicketsForContact(turn.contactKey, { openOnly: true, limit: 10 });
  if (tickets.length === 0) {
    await turn.say(turn.t('track:none_open'));
    await turn.startFlow(TRACK_FLOW);
    return;
  }
  const lines = tickets.map((ticket, i) =>
    turn.t('track:list_line', {
      n: i + 1,
      code: ticket.code,
      status: turn.t(`shared:status.${ticket.status}`),
      date: formatDate(ticket.createdAt, turn.language, turn.timeZone),
    }),
  );
  await turn.say({
    text: `${turn.t('track:list_intro')}\n\n${lines.join('\n')}`,
    quickReplies: withMenuButton(turn.language, [
      ...tickets.map((ticket) => ({ title: ticket.code, payload: payload(Command.ticket, ticket.code) })),
      { title: turn.t('track:by_code_button'), payload: Command.trackByCode },
    ]),
  });
}

/** A code typed outside any flow ("KHCN-2026-00042"): show that ticket when it is the person's own. */
async function trackTypedCode(turn: FlowTurn, text: string): Promise<void> {
  const match = TICKET_CODE_IN_TEXT.exec(text);
  const result = await lookUp(turn, match ? match[0] : text);
  if ('found' in result) {
    await showTicket(turn, result.found);
    return;
  }
  await finish(turn, turn.t(`track:${result.problem}`));
}

/**
 * Track my question: `TRACK` lists the person's open tickets (or asks for a code when there
 * are none); `TICKET:<code>` and a typed code show one; `TRACK_CODE` asks for a code. Only the
 * person's own tickets are ever shown.
 */
export function registerTrack(app: FlowApp, router: CommandRouter): void {
  router.payload(Command.track, async (turn) => listOpen(turn));
  router.payload(Command.trackByCode, async (turn) => turn.startFlow(TRACK_FLOW));
  router.payload(Command.ticket, async (turn, code) => trackTypedCode(turn, code));
  app.controller.hears(
    (message) => Promise.resolve(message.type === 'message' && TICKET_CODE_IN_TEXT.test(FlowTurn.ofMessage(app, message).text)),
    'message',
    async (bot, message) => {
      const turn = FlowTurn.fromBot(app, bot, message);
      await trackTypedCode(turn, turn.text);
    },
  );
  addFlow<{ attempts: number }>(app, {
    id: TRACK_FLOW,
    first: 'code',
    init: () => ({ attempts: 0 }),
    steps: {
      code: {
        async enter(turn) {
          await turn.say({ text: turn.t('track:ask_code'), quickReplies: [menuButton(turn.language)] });
        },
        async answer(turn, values) {
          if (turn.text === '') return step.repeat();
          const result = await lookUp(turn, turn.text);
          if ('found' in result) {
            await showTicket(turn, result.found);
            return step.end();
          }
          values.attempts += 1;
          // After a few misses the person is probably writing something else: let it be handled afresh.
          if (values.attempts >= 3) return step.escape();
          await turn.say({ text: turn.t(`track:${result.problem}_retry`), quickReplies: [menuButton(turn.language)] });
          return step.stay();
        },
      },
    },
  });
}
