import type { Language } from '../src/domain/vocabulary.js';
import type { TicketKind } from '../src/db/models/ticket.js';
import { t } from '../src/i18n.js';
import type { FlowApp } from './engine/app.js';
import type { CommandRouter } from './engine/router.js';
import type { FlowTurn } from './engine/turn.js';
import { addIntakeFlow, type IntakeOptions } from './intake.js';
import { finish, withMenuButton } from './menu.js';
import { COMPLAINTS_TOPIC } from './topics.js';
import { citeDocuments, formatIsoDate } from './shared/format.js';
import { Command, payload } from './shared/payloads.js';

const COMPLAINT_FLOW = 'complaint';
/** The kinds a person can file here; all go to the unit that handles complaints (routing by kind and topic). */
const COMPLAINT_KINDS = ['complaint', 'denunciation', 'petition'] as const satisfies readonly TicketKind[];
type ComplaintKind = (typeof COMPLAINT_KINDS)[number];

function isComplaintKind(value: string): value is ComplaintKind {
  return (COMPLAINT_KINDS as readonly string[]).includes(value);
}

/** The citizen-reception schedule from content: who receives, when, where, how to reach them, on what legal basis. */
function receptionText(app: FlowApp, language: Language): string {
  const schedule = app.content.receptionSchedule;
  const slots = schedule.slots
    .map((slot) => t(language, 'complaints:slot', { host: slot.host[language], when: slot.when[language], hours: slot.hours, place: slot.place[language] }))
    .join('\n');
  const contact = [schedule.contact.phone, schedule.contact.email, schedule.contact.address[language]].filter(Boolean).join(' · ');
  const parts = [
    t(language, 'complaints:schedule_title'),
    slots,
    t(language, 'complaints:schedule_contact', { contact }),
    `${t(language, 'complaints:legal_basis')}\n${citeDocuments(app.content, schedule.legalBasis, language).join('\n')}`,
  ];
  if (schedule.isSample) parts.push(schedule.notice[language]);
  parts.push(t(language, 'shared:reviewed', { date: formatIsoDate(schedule.reviewedAt, language) }));
  return parts.join('\n\n');
}

function kindChoices(turn: FlowTurn) {
  return COMPLAINT_KINDS.map((kind) => ({ title: turn.t(`complaints:file.${kind}`), payload: payload(Command.complain, kind) }));
}

/** Complaint, denunciation, petition in plain words, citing the laws they come from. */
async function explain(turn: FlowTurn): Promise<void> {
  const { content } = turn.app;
  const topic = content.topicById.get(COMPLAINTS_TOPIC);
  const parts = [turn.t('complaints:intro')];
  if (topic) {
    parts.push(topic.summary[turn.language]);
    const difference = topic.learnMore.find((s) => s.id === 'phan-biet') ?? topic.learnMore[0];
    if (difference) parts.push(difference.body[turn.language]);
    parts.push(`${turn.t('complaints:laws')}\n${citeDocuments(content, topic.documents, turn.language).join('\n')}`);
  }
  parts.push(turn.t('complaints:choose'));
  await turn.say({
    text: parts.join('\n\n'),
    quickReplies: withMenuButton(turn.language, [...kindChoices(turn), { title: turn.t('complaints:schedule_button'), payload: Command.reception }]),
  });
}

async function showReception(turn: FlowTurn): Promise<void> {
  await turn.say({ text: receptionText(turn.app, turn.language), quickReplies: withMenuButton(turn.language, kindChoices(turn)) });
}

/**
 * Complaints, denunciations and petitions: `COMPLAINTS` explains the difference (citing the
 * Law on Complaints, the Law on Denunciations and the Law on Citizen Reception from content);
 * `COMPLAIN:<kind>` takes the details with consent and files a ticket for the unit that handles complaints;
 * `RECEPTION` shows the citizen-reception schedule, which also follows every filing.
 */
export function registerComplaints(app: FlowApp, router: CommandRouter): void {
  addIntakeFlow(
    app,
    {
      id: COMPLAINT_FLOW,
      asksTopic: false,
      intro: (turn, values) => turn.t(`intake:${values.kind}.intro`),
      afterCreate: async (turn) => finish(turn, receptionText(turn.app, turn.language)),
    },
    'complaint',
  );
  router.payload(Command.complaints, async (turn) => explain(turn));
  router.payload(Command.reception, async (turn) => showReception(turn));
  router.payload(Command.complain, async (turn, kind) => {
    if (!isComplaintKind(kind)) {
      await explain(turn);
      return;
    }
    const options: IntakeOptions = { kind };
    await turn.startFlow(COMPLAINT_FLOW, options);
  });
}
