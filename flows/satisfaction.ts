import type { OutboundMessage } from '../src/channels/types.js';
import type { Language } from '../src/domain/vocabulary.js';
import { recordUnanswered } from '../src/editorial/unanswered.js';
import { InputError, NotFoundError } from '../src/errors.js';
import { t } from '../src/i18n.js';
import { rateTicket, type AnswerComposer } from '../src/services/tickets/index.js';
import type { FlowApp } from './engine/app.js';
import { addFlow, step } from './engine/flow-dialog.js';
import type { CommandRouter } from './engine/router.js';
import type { FlowTurn } from './engine/turn.js';
import { finish, menuButton } from './menu.js';
import { Answer, Command, payload } from './shared/payloads.js';
import { isPhrase } from './shared/words.js';

const RATING_COMMENT_FLOW = 'rating-comment';
/** Ratings up to this score count the ticket's question as not answered well. */
const LOW_RATING = 2;
const RATING_SCORES = [1, 2, 3, 4, 5] as const;

/**
 * The satisfaction question sent with (or after) an answer: five choices, 1 to 5, whose
 * payloads are `RATE:<code>:<score>`. Tapping one works at any time, even in the middle of
 * another flow. Pure: builds the message, sends nothing.
 */
export function buildRatingPrompt(ticketCode: string, language: Language): OutboundMessage {
  return {
    text: t(language, 'rating:prompt', { code: ticketCode }),
    quickReplies: RATING_SCORES.map((score) => ({ title: t(language, `rating:score.${score}`), payload: payload(Command.rate, ticketCode, score) })),
  };
}

/**
 * Composes the message that carries a staff answer: the ticket's code and kind, the answer as
 * written, then the rating question with its five choices, in the language the person used.
 * Meant for the service's ticket context (`createTicketContext({ composeAnswer })`).
 */
export const composeAnswerWithRating: AnswerComposer = (ticket, answerText) => {
  const prompt = buildRatingPrompt(ticket.code, ticket.language);
  const header = t(ticket.language, 'rating:answer_header', { code: ticket.code, kind: t(ticket.language, `shared:kind.${ticket.kind}`) });
  return { text: `${header}\n\n${answerText}\n\n${prompt.text}`, quickReplies: prompt.quickReplies };
};

/** `KHCN-2026-00042:5` → code and score, or undefined when malformed. */
function parseRating(arg: string): { code: string; score: number } | undefined {
  const at = arg.lastIndexOf(':');
  if (at <= 0) return undefined;
  const score = Number(arg.slice(at + 1));
  if (!Number.isInteger(score) || score < 1 || score > 5) return undefined;
  return { code: arg.slice(0, at), score };
}

async function rate(turn: FlowTurn, arg: string): Promise<void> {
  const rating = parseRating(arg);
  if (!rating) {
    await turn.say(turn.t('rating:invalid'));
    return;
  }
  try {
    const ticket = await rateTicket(turn.app.tickets, rating.code, rating.score, { contactKey: turn.contactKey, now: turn.now() });
    // A poorly rated answer points at a question the FAQ should answer better.
    if (rating.score <= LOW_RATING) await recordUnanswered({ text: ticket.question, language: ticket.language, reason: 'low_rating', topic: ticket.topic });
  } catch (err) {
    if (err instanceof NotFoundError) {
      await turn.say(turn.t('rating:not_found', { code: rating.code }));
      return;
    }
    if (err instanceof InputError) {
      // Not answered yet (409), or a code that cannot be one.
      await turn.say(turn.t(err.status === 409 ? 'rating:not_answered' : 'rating:invalid', { code: rating.code }));
      return;
    }
    throw err;
  }
  if (turn.hasActiveDialog) {
    // In the middle of something else: thank them and let that flow go on.
    await turn.say(turn.t('rating:thanks_short', { score: rating.score }));
    return;
  }
  await turn.startFlow(RATING_COMMENT_FLOW, rating);
}

/**
 * Satisfaction: `RATE:<code>:<score>` stores the rating (the person's own, answered tickets
 * only), thanks them and offers an optional comment; a typed comment is stored with the
 * rating. Works outside any flow and inside one (then without the comment question).
 */
export function registerSatisfaction(app: FlowApp, router: CommandRouter): void {
  router.payload(Command.rate, async (turn, arg) => rate(turn, arg), { keepsFlow: true });
  addFlow<{ code: string; score: number }, { code?: string; score?: number }>(app, {
    id: RATING_COMMENT_FLOW,
    first: 'comment',
    init: (options) => ({ code: options.code ?? '', score: options.score ?? 0 }),
    steps: {
      comment: {
        async enter(turn, values) {
          const key = values.score <= 2 ? 'rating:thanks_low' : 'rating:thanks';
          await turn.say({
            text: turn.t(key, { score: values.score }),
            quickReplies: [{ title: turn.t('shared:skip_button'), payload: Answer.skip }, menuButton(turn.language)],
          });
        },
        async answer(turn, values) {
          if (turn.payload === Answer.skip || isPhrase('commands:skip', turn.text) || isPhrase('commands:no', turn.text)) {
            await finish(turn, turn.t('rating:no_comment'));
            return step.end();
          }
          if (turn.text === '') return step.repeat();
          await rateTicket(turn.app.tickets, values.code, values.score, { contactKey: turn.contactKey, comment: turn.text.slice(0, 1_000), now: turn.now() });
          await finish(turn, turn.t('rating:comment_thanks'));
          return step.end();
        },
      },
    },
  });
}
