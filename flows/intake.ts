import { TOPIC_IDS, type TopicId } from '../src/content/index.js';
import type { InboundAttachment } from '../src/channels/types.js';
import { takeWebChatTicketQuota } from '../src/services/webchat-ticket-quota.js';
import type { TicketKind } from '../src/db/models/ticket.js';
import { InputError } from '../src/errors.js';
import { log } from '../src/log.js';
import { createTicket, MAX_ATTACHMENTS, MAX_QUESTION_LENGTH, type TicketAttachment, type TicketRecord } from '../src/services/tickets/index.js';
import type { Choice, FlowApp } from './engine/app.js';
import { addFlow, step, type FlowDefinition, type FlowStep, type StepOutcome } from './engine/flow-dialog.js';
import type { FlowTurn } from './engine/turn.js';
import { finish } from './menu.js';
import { COMPLAINTS_TOPIC, topicChoices } from './topics.js';
import { CONTACT_STEP, contactSteps, type ContactValues, type DetailField } from './shared/contact-steps.js';
import { departmentName } from './shared/departments.js';
import { formatDate, shortenLines } from './shared/format.js';
import { Answer, Command, payload } from './shared/payloads.js';
import { isPhrase } from './shared/words.js';

const intakeLog = log.child({ module: 'flows.intake' });

/** Where a flow that files a ticket starts from. */
export interface IntakeOptions {
  kind?: TicketKind;
  /** Topic already chosen (from a topic page). */
  topic?: string;
  /** Text already written (from a search that found nothing good). */
  question?: string;
  /** Topic the search thought likely; the person confirms or picks another. */
  suggestedTopic?: string;
}

interface IntakeValues extends ContactValues {
  kind: TicketKind;
  topic?: string;
  topicChosen: boolean;
  suggestedTopic?: string;
  parts: string[];
  attachments: TicketAttachment[];
  /** Set while an edit from the summary is under way: go back to the summary when done. */
  returnToSummary: boolean;
}

export interface IntakeConfig {
  id: string;
  /** Asks for a topic (questions); complaints have theirs fixed. */
  asksTopic: boolean;
  /** Said before the first question (the complaint kinds explain what they are). */
  intro?(turn: FlowTurn, values: IntakeValues): string | undefined;
  /** Said after the ticket was created and confirmed (e.g. the reception schedule). */
  afterCreate?(turn: FlowTurn, ticket: TicketRecord): Promise<void>;
}

/** The phrase group of a kind: `intake:question.*`, `intake:complaint.*`… */
function kindKey(values: IntakeValues, key: string): string {
  return `intake:${values.kind}.${key}`;
}

function isTopicId(value: unknown): value is TopicId {
  return typeof value === 'string' && (TOPIC_IDS as readonly string[]).includes(value);
}

function contactFields(values: IntakeValues): DetailField[] {
  // Complaints and denunciations name the person and their address (Law on Complaints, Law on Denunciations).
  return values.kind === 'complaint' || values.kind === 'denunciation' ? ['name', 'phone', 'address'] : ['name', 'phone'];
}

const ACCEPTED_ATTACHMENTS = new Set(['image', 'file', 'video', 'audio', 'link', 'gif', 'location']);

function toTicketAttachment(a: InboundAttachment): TicketAttachment {
  const url = a.url && /^https?:\/\//i.test(a.url) ? a.url.slice(0, 2_000) : undefined;
  const name = a.type === 'location' && a.latitude !== undefined ? `${a.latitude}, ${a.longitude}` : a.name?.slice(0, 300);
  return { type: a.type, url, name };
}

/** Keeps what the person attached; says so, or says why a sticker was not kept. Returns true when something arrived. */
async function takeAttachments(turn: FlowTurn, values: IntakeValues): Promise<boolean> {
  if (turn.attachments.length === 0) return false;
  const usable = turn.attachments.filter((a) => ACCEPTED_ATTACHMENTS.has(a.type));
  const room = MAX_ATTACHMENTS - values.attachments.length;
  values.attachments.push(...usable.slice(0, Math.max(0, room)).map(toTicketAttachment));
  if (usable.length === 0) {
    await turn.say(turn.t('intake:sticker_not_kept'));
  } else if (usable.length > room) {
    await turn.say(turn.t('intake:attachments_full', { max: MAX_ATTACHMENTS }));
  }
  return true;
}

function totalLength(values: IntakeValues): number {
  return values.parts.reduce((n, p) => n + p.length + 1, 0);
}

/** Adds typed text to the question; false when the limit was reached (the person is told). */
async function takeText(turn: FlowTurn, values: IntakeValues): Promise<boolean> {
  const room = MAX_QUESTION_LENGTH - totalLength(values);
  if (room <= 0) {
    await turn.say(turn.t('intake:text_full'));
    return false;
  }
  values.parts.push(turn.text.slice(0, room));
  if (turn.text.length > room) await turn.say(turn.t('intake:text_full'));
  return true;
}

function doneChoice(turn: FlowTurn): Choice {
  return { title: turn.t('shared:done_button'), payload: Answer.done };
}

function cancelChoice(turn: FlowTurn): Choice {
  return { title: turn.t('shared:cancel_button'), payload: Command.menu };
}

function topicTitle(turn: FlowTurn, topic: string | undefined): string {
  const found = isTopicId(topic) ? turn.app.content.topicById.get(topic) : undefined;
  return found ? found.title[turn.language] : turn.t('intake:topic_unknown');
}

function summaryText(turn: FlowTurn, values: IntakeValues): string {
  const contact = values.consent === 'granted' ? Object.values(values.details).filter(Boolean).join(', ') : turn.t(kindKey(values, 'no_contact'));
  return turn.t('intake:summary', {
    kind: turn.t(`shared:kind.${values.kind}`),
    topic: topicTitle(turn, values.topic),
    text: shortenLines(values.parts.join('\n'), 600),
    attachments: values.attachments.length,
    contact,
  });
}

async function createAndConfirm(turn: FlowTurn, values: IntakeValues, config: IntakeConfig): Promise<StepOutcome> {
  if (turn.channel === 'webchat') {
    const quota = await takeWebChatTicketQuota(turn.contactKey.slice('webchat:'.length), turn.now());
    if (!quota.allowed) {
      intakeLog.warn({ contactKey: turn.contactKey, kind: values.kind }, 'web chat ticket refused: daily limit reached');
      await finish(turn, turn.t('intake:daily_limit', { count: quota.perDay }));
      return step.end();
    }
  }
  let ticket: TicketRecord;
  try {
    ticket = await createTicket(
      turn.app.tickets,
      {
        kind: values.kind,
        topic: values.topic,
        question: values.parts.join('\n'),
        attachments: values.attachments,
        contactKey: turn.contactKey,
        channel: turn.channel,
        language: turn.language,
        contact: values.consent === 'granted' ? values.details : undefined,
        // A turn run again after a crash gets the ticket it already filed.
        requestKey: `intake:${turn.inboxId}`,
      },
      { now: turn.now() },
    );
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    // Bad input caught by the ticket rules (e.g. an attachment link): the person fixes it, nothing is lost.
    intakeLog.warn({ err, kind: values.kind }, 'ticket rejected by validation; the person is asked to edit');
    await turn.say(turn.t('intake:not_accepted'));
    return step.goto('summary');
  }
  const limit = turn.app.tickets.timeLimits[values.kind];
  const text = turn.t(kindKey(values, 'created'), {
    code: ticket.code,
    department: await departmentName(ticket.departmentCode, turn.language),
    date: formatDate(ticket.dueAt, turn.language, turn.timeZone),
    limit: turn.t(`shared:limit.${limit.unit}`, { count: limit.days }),
  });
  const reply = values.consent === 'granted' ? text : `${text}\n\n${turn.t('intake:answer_in_chat')}`;
  if (config.afterCreate) {
    await turn.say(reply);
    await config.afterCreate(turn, ticket);
    return step.end();
  }
  await finish(turn, reply);
  return step.end();
}

/**
 * A flow that files a ticket: topic (questions only; a suggestion can be accepted), the text
 * in as many messages as the person likes, optional images or files, contact details only
 * after consent (declining still files it; the answer then comes back in the chat), a summary
 * to confirm or edit, then the ticket with its code, the department that answers and the
 * expected date.
 */
function intakeFlow(config: IntakeConfig, defaultKind: TicketKind): FlowDefinition<IntakeValues, IntakeOptions> {
  const steps: Record<string, FlowStep<IntakeValues>> = {
    start: {
      async enter(turn, values) {
        const intro = config.intro?.(turn, values);
        if (intro) await turn.say(intro);
        if (config.asksTopic && !values.topicChosen) return step.goto('topic');
        return step.goto('text');
      },
    },
    topic: {
      async enter(turn, values) {
        const suggested = isTopicId(values.suggestedTopic) && values.suggestedTopic !== COMPLAINTS_TOPIC ? values.suggestedTopic : undefined;
        const others = topicChoices(turn.app, turn.language, Answer.topic, [COMPLAINTS_TOPIC, ...(suggested ? [suggested] : [])]);
        const first = suggested ? [{ title: turn.t('intake:suggested_button'), payload: payload(Answer.topic, suggested) }] : [];
        await turn.say({
          text: suggested ? turn.t('intake:topic_suggested', { topic: topicTitle(turn, suggested) }) : turn.t('intake:topic_prompt'),
          quickReplies: [...first, ...others, { title: turn.t('intake:topic_unknown_button'), payload: payload(Answer.topic, 'none') }, cancelChoice(turn)],
        });
      },
      async answer(turn, values) {
        const [name, arg] = (turn.payload ?? '').split(':');
        if (name === Answer.topic) {
          values.topic = isTopicId(arg) ? arg : undefined;
          values.topicChosen = true;
          return step.goto(values.returnToSummary ? 'summary' : 'text');
        }
        if (turn.text !== '') {
          // They wrote the question straight away: keep it, and take the search's guess as the topic.
          await takeText(turn, values);
          const guess = turn.app.search.search(turn.text, { language: turn.language, limit: 1 })[0];
          values.topic = guess?.confidence === 'strong' && guess.topic !== COMPLAINTS_TOPIC ? guess.topic : values.topic;
          values.topicChosen = true;
          return step.goto('text');
        }
        return step.repeat();
      },
    },
    text: {
      async enter(turn, values) {
        const text =
          values.parts.length === 0
            ? turn.t(kindKey(values, 'text_prompt'))
            : turn.t('intake:text_so_far', { text: shortenLines(values.parts.join('\n'), 400) });
        await turn.say({ text, quickReplies: [doneChoice(turn), cancelChoice(turn)] });
      },
      async answer(turn, values) {
        if (turn.payload === Answer.done || isPhrase('commands:done', turn.text)) {
          if (values.parts.length === 0) {
            await turn.say({ text: turn.t('intake:text_missing'), quickReplies: [cancelChoice(turn)] });
            return step.stay();
          }
          return step.goto(values.returnToSummary ? 'summary' : 'attachments');
        }
        const attached = await takeAttachments(turn, values);
        const wrote = turn.text !== '' && (await takeText(turn, values));
        if (!attached && !wrote) return step.repeat();
        await turn.say({ text: turn.t('intake:text_received'), quickReplies: [doneChoice(turn), cancelChoice(turn)] });
        return step.stay();
      },
    },
    attachments: {
      async enter(turn, values) {
        const text =
          values.attachments.length === 0 ? turn.t('intake:attachments_prompt') : turn.t('intake:attachments_so_far', { count: values.attachments.length });
        await turn.say({
          text,
          quickReplies: [
            { title: turn.t(values.attachments.length === 0 ? 'shared:skip_button' : 'shared:continue_button'), payload: Answer.skip },
            cancelChoice(turn),
          ],
        });
      },
      async answer(turn, values) {
        if (
          turn.payload === Answer.skip ||
          turn.payload === Answer.done ||
          ['commands:skip', 'commands:done', 'commands:no'].some((key) => isPhrase(key, turn.text))
        ) {
          return step.goto(CONTACT_STEP);
        }
        const attached = await takeAttachments(turn, values);
        const wrote = turn.text !== '' && (await takeText(turn, values));
        if (!attached && !wrote) return step.repeat();
        const text = attached ? turn.t('intake:attachments_so_far', { count: values.attachments.length }) : turn.t('intake:text_added_later');
        await turn.say({ text, quickReplies: [{ title: turn.t('shared:continue_button'), payload: Answer.skip }, cancelChoice(turn)] });
        return step.stay();
      },
    },
    ...contactSteps<IntakeValues>({
      purpose: 'ticket_contact',
      fields: contactFields,
      consentText: (turn, values) => {
        const note = turn.t(kindKey(values, 'consent_note'));
        return [turn.t('consent:ticket_contact.text'), note].filter((s) => s !== '').join('\n\n');
      },
      next: 'summary',
      declined: 'summary',
    }),
    summary: {
      async enter(turn, values) {
        values.returnToSummary = false;
        const edits: Choice[] = [{ title: turn.t('intake:edit_text_button'), payload: Answer.editText }];
        if (config.asksTopic) edits.push({ title: turn.t('intake:edit_topic_button'), payload: Answer.editTopic });
        edits.push({ title: turn.t('intake:edit_contact_button'), payload: Answer.editContact });
        await turn.say({
          text: summaryText(turn, values),
          quickReplies: [{ title: turn.t('intake:send_button'), payload: Answer.send }, ...edits, cancelChoice(turn)],
        });
      },
      async answer(turn, values) {
        if (turn.payload === Answer.send || isPhrase('commands:send', turn.text) || isPhrase('commands:yes', turn.text))
          return createAndConfirm(turn, values, config);
        if (turn.payload === Answer.editText) {
          values.parts = [];
          values.returnToSummary = true;
          return step.goto('text');
        }
        if (turn.payload === Answer.editTopic) {
          values.returnToSummary = true;
          return step.goto('topic');
        }
        if (turn.payload === Answer.editContact) return step.goto(CONTACT_STEP);
        await turn.say(turn.t('intake:summary_choose'));
        return step.repeat();
      },
    },
  };
  return {
    id: config.id,
    first: 'start',
    init: (options) => {
      const kind = options.kind ?? defaultKind;
      const parts = options.question ? [options.question.slice(0, MAX_QUESTION_LENGTH)] : [];
      const topic = isTopicId(options.topic) ? options.topic : undefined;
      return {
        kind,
        topic: config.asksTopic ? topic : COMPLAINTS_TOPIC,
        topicChosen: !config.asksTopic || topic !== undefined,
        suggestedTopic: options.suggestedTopic,
        parts,
        attachments: [],
        returnToSummary: false,
        details: {},
      };
    },
    steps,
  };
}

/** Adds an intake flow to the dialog set. */
export function addIntakeFlow(app: FlowApp, config: IntakeConfig, defaultKind: TicketKind): void {
  addFlow(app, intakeFlow(config, defaultKind));
}
