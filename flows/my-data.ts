import type { TopicId } from '../src/content/index.js';
import { describePersonalData, erasePersonalData, isConsentPurpose, withdrawConsent, type PersonalDataView } from '../src/services/privacy.js';
import type { Choice, FlowApp } from './engine/app.js';
import type { CommandRouter } from './engine/router.js';
import type { FlowTurn } from './engine/turn.js';
import { finish, withMenuButton } from './menu.js';
import { consentVersion } from './shared/contact-steps.js';
import { formatDate } from './shared/format.js';
import { Command, payload } from './shared/payloads.js';

function listOrNone(turn: FlowTurn, items: string[]): string {
  return items.length > 0 ? items.join(', ') : turn.t('mydata:none');
}

function dataText(turn: FlowTurn, data: PersonalDataView): string {
  const { language } = turn;
  const consents = data.consents.map((c) =>
    turn.t(c.granted ? 'mydata:consent_granted' : 'mydata:consent_refused', {
      purpose: turn.t(`mydata:purpose.${c.purpose}`),
      date: formatDate(c.at, language, turn.timeZone),
    }),
  );
  const events = data.registrations.map((r) => turn.app.content.events.events.find((e) => e.id === r.eventId)?.title[language] ?? r.eventId);
  const topics = data.subscriptions.map((id) => turn.app.content.topicById.get(id as TopicId)?.title[language] ?? id);
  return turn.t('mydata:summary', {
    displayName: data.displayName ?? turn.t('mydata:none'),
    name: data.profile.name ?? turn.t('mydata:not_stored'),
    phone: data.profile.phone ?? turn.t('mydata:not_stored'),
    address: data.profile.address ?? turn.t('mydata:not_stored'),
    language: turn.t(`language:name.${data.language}`),
    consents: consents.length > 0 ? consents.map((c) => `  – ${c}`).join('\n') : `  – ${turn.t('mydata:none')}`,
    subscriptions: listOrNone(turn, topics),
    tickets: listOrNone(
      turn,
      data.openTickets.map((t) => t.code),
    ),
    events: listOrNone(turn, events),
  });
}

async function showData(turn: FlowTurn): Promise<void> {
  const data = await describePersonalData(turn.contactKey);
  const actions: Choice[] = [];
  if (data.consents.some((c) => c.granted)) actions.push({ title: turn.t('mydata:withdraw_button'), payload: Command.withdraw });
  actions.push({ title: turn.t('mydata:erase_button'), payload: Command.erase });
  await turn.say({ text: `${dataText(turn, data)}\n\n${turn.t('mydata:rights')}`, quickReplies: withMenuButton(turn.language, actions) });
}

async function withdraw(turn: FlowTurn, purpose: string): Promise<void> {
  if (!isConsentPurpose(purpose)) {
    const data = await describePersonalData(turn.contactKey);
    const granted = data.consents.filter((c) => c.granted);
    if (granted.length === 0) return finish(turn, turn.t('mydata:nothing_to_withdraw'));
    await turn.say({
      text: turn.t('mydata:withdraw_choose'),
      quickReplies: withMenuButton(
        turn.language,
        granted.map((c) => ({ title: turn.t(`mydata:purpose_short.${c.purpose}`), payload: payload(Command.withdraw, c.purpose) })),
      ),
    });
    return;
  }
  const result = await withdrawConsent(turn.contactKey, purpose, consentVersion(purpose, turn.language), turn.now());
  const parts = [turn.t('mydata:withdrawn', { purpose: turn.t(`mydata:purpose.${purpose}`) })];
  if (result.profileErased) parts.push(turn.t('mydata:withdrawn_profile'));
  if (result.registrationsCleared > 0) parts.push(turn.t('mydata:withdrawn_registrations'));
  if (result.subscriptionsEnded) parts.push(turn.t('mydata:withdrawn_news'));
  if (purpose === 'ticket_contact') parts.push(turn.t('mydata:withdrawn_tickets'));
  await finish(turn, parts.join('\n'));
}

async function askToErase(turn: FlowTurn): Promise<void> {
  await turn.say({
    text: turn.t('mydata:erase_confirm'),
    quickReplies: [
      { title: turn.t('mydata:erase_yes_button'), payload: Command.eraseConfirm },
      { title: turn.t('mydata:erase_no_button'), payload: Command.menu },
    ],
  });
}

async function erase(turn: FlowTurn): Promise<void> {
  const report = await erasePersonalData(turn.app.tickets, turn.contactKey, turn.now());
  await finish(turn, turn.t('mydata:erased', { tickets: report.ticketsAnonymised }));
}

/**
 * My data (Law on Personal Data Protection No. 91/2025/QH15): `MY_DATA` shows what is kept
 * (profile, consents with purpose and date, subscriptions, open tickets, event registrations);
 * `WITHDRAW[:<purpose>]` withdraws a consent; `ERASE` asks for confirmation and
 * `ERASE_CONFIRM` erases (tickets stay, anonymised, for the reports).
 */
export function registerMyData(_app: FlowApp, router: CommandRouter): void {
  router.payload(Command.myData, async (turn) => showData(turn));
  router.payload(Command.withdraw, async (turn, purpose) => withdraw(turn, purpose));
  router.payload(Command.erase, async (turn) => askToErase(turn));
  router.payload(Command.eraseConfirm, async (turn) => erase(turn));
}
