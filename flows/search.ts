import type { FaqEntry, TopicId } from '../src/content/index.js';
import type { OutboundMessage } from '../src/channels/types.js';
import type { Language } from '../src/domain/vocabulary.js';
import { recordUnanswered } from '../src/editorial/unanswered.js';
import { t } from '../src/i18n.js';
import type { SearchHit } from '../src/search/index.js';
import type { Choice, FlowApp } from './engine/app.js';
import { addFlow, step } from './engine/flow-dialog.js';
import type { CommandRouter } from './engine/router.js';
import type { FlowTurn } from './engine/turn.js';
import { ASK_FLOW } from './ask-question.js';
import { withMenuButton } from './menu.js';
import { citeSources, formatIsoDate, shorten } from './shared/format.js';
import { Answer, Command, payload } from './shared/payloads.js';
import { isPhrase } from './shared/words.js';

const SEARCH_OFFER_FLOW = 'search-offer';
/** Past this length a message reads as a case to hand to staff rather than a search query. */
const LONG_MESSAGE_CHARS = 1_000;
/** Most answers shown for one question. */
const MAX_SHOWN = 3;

interface FoundEntry {
  id: string;
  kind: SearchHit['kind'];
}

interface OfferOptions {
  question?: string;
  hits?: FoundEntry[];
  strong?: boolean;
  topic?: TopicId;
  long?: boolean;
}

interface OfferValues {
  question: string;
  hits: FoundEntry[];
  strong: boolean;
  topic?: TopicId;
  long: boolean;
}

/** An FAQ answer as the person reads it: question, answer, the documents it rests on, and when it was reviewed. */
export function faqText(app: Pick<FlowApp, 'content'>, entry: FaqEntry, language: Language): string {
  const sources = citeSources(app.content, entry.sources, language);
  const parts = [t(language, 'search:faq_answer', { question: entry.question[language], answer: entry.answer[language] })];
  if (sources.length > 0) parts.push(`${t(language, 'search:sources')}\n${sources.join('\n')}`);
  if (entry.link) parts.push(t(language, 'search:link', { link: entry.link }));
  parts.push(t(language, 'search:reviewed', { date: formatIsoDate(entry.reviewedAt, language) }));
  if (entry.confidence === 'unconfirmed') parts.push(t(language, 'search:unconfirmed'));
  return parts.join('\n\n');
}

function titleOf(app: FlowApp, hit: FoundEntry, language: Language): string | undefined {
  if (hit.kind === 'faq') return app.content.faqById.get(hit.id)?.question[language];
  return app.content.topicById.get(hit.id as TopicId)?.title[language];
}

function choiceFor(app: FlowApp, hit: FoundEntry, language: Language): Choice | undefined {
  const title = titleOf(app, hit, language);
  if (!title) return undefined;
  return { title: shorten(title, 20), payload: payload(hit.kind === 'faq' ? Command.faq : Command.topic, hit.id) };
}

function bestAnswerText(app: FlowApp, hit: FoundEntry, language: Language): string | undefined {
  if (hit.kind === 'faq') {
    const entry = app.content.faqById.get(hit.id);
    return entry ? faqText(app, entry, language) : undefined;
  }
  const topic = app.content.topicById.get(hit.id as TopicId);
  if (!topic) return undefined;
  return t(language, 'search:topic_answer', {
    title: topic.title[language],
    summary: topic.summary[language],
    reviewed: formatIsoDate(topic.reviewedAt, language),
  });
}

function relatedLines(app: FlowApp, hits: FoundEntry[], language: Language): string {
  return hits
    .flatMap((hit, i) => {
      const title = titleOf(app, hit, language);
      return title ? [`${i + 1}. ${title}`] : [];
    })
    .join('\n');
}

function offerMessage(turn: FlowTurn, values: OfferValues): OutboundMessage {
  const { app, language } = turn;
  const toStaff: Choice = { title: turn.t('search:to_staff_button'), payload: Answer.toStaff };
  if (values.long) return { text: turn.t('search:long_message'), quickReplies: withMenuButton(language, [toStaff]) };
  const best = values.strong ? values.hits[0] : undefined;
  const bestText = best ? bestAnswerText(app, best, language) : undefined;
  if (best && bestText) {
    const related = values.hits.slice(1);
    const parts = [bestText];
    if (related.length > 0) parts.push(`${turn.t('search:related')}\n${relatedLines(app, related, language)}`);
    parts.push(turn.t('search:not_what_you_needed'));
    const choices = [
      ...(best.kind === 'topic' ? [{ title: turn.t('search:open_topic'), payload: payload(Command.topic, best.id) }] : []),
      ...related.flatMap((hit) => choiceFor(app, hit, language) ?? []),
      toStaff,
    ];
    return { text: parts.join('\n\n'), quickReplies: withMenuButton(language, choices) };
  }
  const parts = [turn.t('search:no_good_match')];
  if (values.hits.length > 0) parts.push(`${turn.t('search:maybe_related')}\n${relatedLines(app, values.hits, language)}`);
  parts.push(turn.t('search:offer_staff'));
  const choices = [toStaff, ...values.hits.flatMap((hit) => choiceFor(app, hit, language) ?? [])];
  return { text: parts.join('\n\n'), quickReplies: withMenuButton(language, choices) };
}

/**
 * Answers a free-text question: the best 1–3 entries of the FAQ and topics, each cited with
 * its source and review date; when nothing fits well, says so. Either way the person can
 * send the question to staff with one tap (the ask flow starts with their words filled in).
 * Gibberish that matches nothing gets a plain "not understood" and the way back.
 */
export async function answerFreeText(turn: FlowTurn, text: string): Promise<void> {
  if (text.length > LONG_MESSAGE_CHARS) {
    await turn.startFlow(SEARCH_OFFER_FLOW, { question: text, long: true } satisfies OfferOptions);
    return;
  }
  const hits = turn.app.search.search(text, { language: turn.language, limit: 5 });
  const strong = hits[0]?.confidence === 'strong';
  // Editors see what the bot could not answer, to write the answer (a word or two is not counted).
  if (!strong) await recordUnanswered({ text, language: turn.language, reason: 'no_match', topic: hits[0]?.topic });
  if (hits.length === 0 && text.length < 40) {
    await turn.say({
      text: turn.t('search:not_understood'),
      quickReplies: withMenuButton(turn.language, [
        { title: turn.t('menu:item.ask'), payload: Command.ask },
        { title: turn.t('menu:item.topics'), payload: Command.topics },
      ]),
    });
    return;
  }
  const shown = (strong ? hits.filter((h) => h.confidence === 'strong') : hits).slice(0, strong ? MAX_SHOWN : 2);
  const options: OfferOptions = { question: text, hits: shown.map((h) => ({ id: h.id, kind: h.kind })), strong, topic: hits[0]?.topic };
  await turn.startFlow(SEARCH_OFFER_FLOW, options);
}

async function showFaq(turn: FlowTurn, id: string): Promise<void> {
  const entry = turn.app.content.faqById.get(id);
  if (!entry) {
    await turn.say({
      text: turn.t('search:faq_missing'),
      quickReplies: withMenuButton(turn.language, [{ title: turn.t('menu:item.ask'), payload: Command.ask }]),
    });
    return;
  }
  await turn.say({
    text: faqText(turn.app, entry, turn.language),
    quickReplies: withMenuButton(turn.language, [
      { title: turn.t('search:ask_staff_topic'), payload: payload(Command.ask, entry.topic) },
      { title: turn.t('search:open_topic'), payload: payload(Command.topic, entry.topic) },
    ]),
  });
}

/**
 * Free-text search and its offer to pass the question on: the `search-offer` flow shows the
 * answers and waits one turn for "send to staff"; anything else the person writes is handled
 * afresh (a new question searches again). `FAQ:<id>` shows one entry.
 */
export function registerSearch(app: FlowApp, router: CommandRouter): void {
  router.payload(Command.faq, async (turn, id) => showFaq(turn, id));
  addFlow<OfferValues, OfferOptions>(app, {
    id: SEARCH_OFFER_FLOW,
    first: 'offer',
    init: (options) => ({
      question: options.question ?? '',
      hits: options.hits ?? [],
      strong: options.strong === true,
      topic: options.topic,
      long: options.long === true,
    }),
    steps: {
      offer: {
        async enter(turn, values) {
          await turn.say(offerMessage(turn, values));
        },
        async answer(turn, values) {
          if (turn.payload === Answer.toStaff || isPhrase('commands:yes', turn.text)) {
            if (!values.long) await recordUnanswered({ text: values.question, language: turn.language, reason: 'to_staff', topic: values.topic });
            return step.switchTo(ASK_FLOW, { question: values.question, suggestedTopic: values.topic });
          }
          return step.escape();
        },
      },
    },
  });
}
