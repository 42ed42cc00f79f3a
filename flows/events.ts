import type { OutreachEvent } from '../src/content/index.js';
import {
  cancelRegistration,
  EventFullError,
  isRegistrationOpen,
  listRegistrationsForContact,
  listUpcomingEvents,
  registerForEvent,
  registrationClosesAt,
  RegistrationClosedError,
  seatsLeft,
} from '../src/services/events.js';
import type { Choice, FlowApp } from './engine/app.js';
import { addFlow, step, type StepOutcome } from './engine/flow-dialog.js';
import type { CommandRouter } from './engine/router.js';
import type { FlowTurn } from './engine/turn.js';
import { finish, withMenuButton } from './menu.js';
import { CONTACT_STEP, consentVersion, contactSteps, type ContactValues } from './shared/contact-steps.js';
import { citeDocuments, formatDateTime, formatTime } from './shared/format.js';
import { Command, payload } from './shared/payloads.js';

const EVENT_REGISTER_FLOW = 'event-register';
/** Most events listed at once (choices stay within Messenger's 13 quick replies). */
const MAX_LISTED = 10;

interface RegisterValues extends ContactValues {
  eventId: string;
}

function findEvent(turn: FlowTurn, id: string): OutreachEvent | undefined {
  return turn.app.content.events.events.find((e) => e.id === id);
}

async function availability(turn: FlowTurn, event: OutreachEvent): Promise<string> {
  if (!isRegistrationOpen(event, turn.now())) return turn.t('events:registration_closed_short');
  const left = await seatsLeft(event);
  return left > 0 ? turn.t('events:seats_left', { count: left }) : turn.t('events:full_short');
}

function when(turn: FlowTurn, event: OutreachEvent): string {
  return turn.t('events:when', {
    start: formatDateTime(new Date(event.startsAt), turn.language, turn.timeZone),
    end: formatTime(new Date(event.endsAt), turn.language, turn.timeZone),
  });
}

async function listEvents(turn: FlowTurn): Promise<void> {
  const events = listUpcomingEvents(turn.app.content.events, turn.now()).slice(0, MAX_LISTED);
  const mine: Choice = { title: turn.t('events:mine_button'), payload: Command.myEvents };
  if (events.length === 0) {
    await turn.say({ text: turn.t('events:none'), quickReplies: withMenuButton(turn.language, [mine]) });
    return;
  }
  const lines: string[] = [];
  for (const [i, event] of events.entries()) {
    lines.push(
      turn.t('events:list_line', {
        n: i + 1,
        title: event.title[turn.language],
        when: when(turn, event),
        place: event.place[turn.language],
        availability: await availability(turn, event),
      }),
    );
  }
  const parts = [turn.t('events:list_intro'), lines.join('\n\n')];
  if (turn.app.content.events.isSample) parts.push(turn.app.content.events.notice[turn.language]);
  await turn.say({
    text: parts.join('\n\n'),
    quickReplies: withMenuButton(turn.language, [
      ...events.map((event, i) => ({ title: turn.t('events:event_button', { n: i + 1 }), payload: payload(Command.event, event.id) })),
      mine,
    ]),
  });
}

async function showEvent(turn: FlowTurn, id: string): Promise<void> {
  const event = findEvent(turn, id);
  if (!event) {
    await turn.say(turn.t('events:unknown'));
    await listEvents(turn);
    return;
  }
  const registered = (await listRegistrationsForContact(turn.contactKey)).some((r) => r.eventId === event.id);
  const parts = [
    turn.t('events:detail', {
      kind: turn.t(`events:kind.${event.kind}`),
      title: event.title[turn.language],
      description: event.description[turn.language],
      when: when(turn, event),
      place: event.place[turn.language],
      audience: event.audience[turn.language],
      deadline: formatDateTime(registrationClosesAt(event), turn.language, turn.timeZone),
      availability: await availability(turn, event),
    }),
  ];
  if (event.onlineUrl) parts.push(turn.t('events:online', { url: event.onlineUrl }));
  const documents = citeDocuments(turn.app.content, event.documents ?? [], turn.language);
  if (documents.length > 0) parts.push(`${turn.t('events:documents')}\n${documents.join('\n')}`);
  if (registered) parts.push(turn.t('events:you_are_registered'));
  const actions: Choice[] = registered
    ? [{ title: turn.t('events:cancel_button'), payload: payload(Command.eventCancel, event.id) }]
    : isRegistrationOpen(event, turn.now())
      ? [{ title: turn.t('events:register_button'), payload: payload(Command.eventRegister, event.id) }]
      : [];
  await turn.say({
    text: parts.join('\n\n'),
    quickReplies: withMenuButton(turn.language, [...actions, { title: turn.t('events:all_button'), payload: Command.events }]),
  });
}

async function startRegistration(turn: FlowTurn, id: string): Promise<void> {
  const event = findEvent(turn, id);
  if (!event) {
    await turn.say(turn.t('events:unknown'));
    await listEvents(turn);
    return;
  }
  const title = event.title[turn.language];
  if (!isRegistrationOpen(event, turn.now())) return finish(turn, turn.t('events:closed', { title }));
  if ((await listRegistrationsForContact(turn.contactKey)).some((r) => r.eventId === event.id)) return finish(turn, turn.t('events:already', { title }));
  if ((await seatsLeft(event)) === 0) return finish(turn, turn.t('events:full', { title }));
  await turn.startFlow(EVENT_REGISTER_FLOW, { eventId: event.id });
}

async function register(turn: FlowTurn, values: RegisterValues): Promise<StepOutcome> {
  const event = findEvent(turn, values.eventId);
  if (!event) {
    await finish(turn, turn.t('events:unknown'));
    return step.end();
  }
  const title = event.title[turn.language];
  try {
    const result = await registerForEvent(
      {
        event,
        contactKey: turn.contactKey,
        channel: turn.channel,
        name: values.details.name,
        phone: values.details.phone,
        consentTextVersion: consentVersion('event_registration', turn.language),
      },
      turn.now(),
    );
    const key = result.outcome === 'registered' ? 'events:registered' : 'events:already';
    await finish(turn, turn.t(key, { title, when: when(turn, event), place: event.place[turn.language] }));
  } catch (err) {
    if (err instanceof RegistrationClosedError) await finish(turn, turn.t('events:closed', { title }));
    else if (err instanceof EventFullError) await finish(turn, turn.t('events:full', { title }));
    else throw err;
  }
  return step.end();
}

async function cancel(turn: FlowTurn, id: string): Promise<void> {
  const event = findEvent(turn, id);
  const title = event?.title[turn.language] ?? id;
  const cancelled = await cancelRegistration(id, turn.contactKey, turn.now());
  await finish(turn, turn.t(cancelled ? 'events:cancelled' : 'events:not_registered', { title }));
}

async function listMine(turn: FlowTurn): Promise<void> {
  const registrations = await listRegistrationsForContact(turn.contactKey);
  const events = registrations.flatMap((r) => findEvent(turn, r.eventId) ?? []);
  if (events.length === 0) {
    await turn.say({
      text: turn.t('events:mine_none'),
      quickReplies: withMenuButton(turn.language, [{ title: turn.t('events:all_button'), payload: Command.events }]),
    });
    return;
  }
  const lines = events.map((event, i) => `${i + 1}. ${event.title[turn.language]} — ${when(turn, event)}`);
  await turn.say({
    text: `${turn.t('events:mine_intro')}\n\n${lines.join('\n')}`,
    quickReplies: withMenuButton(
      turn.language,
      events.slice(0, MAX_LISTED).map((event, i) => ({ title: turn.t('events:event_button', { n: i + 1 }), payload: payload(Command.event, event.id) })),
    ),
  });
}

/**
 * Events and training from `content/events.json`: `EVENTS` lists upcoming ones with free
 * seats; `EVENT:<id>` shows one; `EVENT_REG:<id>` registers after consent to keep name and
 * phone on the attendance list (declining means no registration, and the person is told why);
 * `EVENT_CANCEL:<id>` cancels; `MY_EVENTS` lists the person's registrations.
 */
export function registerEvents(app: FlowApp, router: CommandRouter): void {
  router.payload(Command.events, async (turn) => listEvents(turn));
  router.payload(Command.event, async (turn, id) => showEvent(turn, id));
  router.payload(Command.eventRegister, async (turn, id) => startRegistration(turn, id));
  router.payload(Command.eventCancel, async (turn, id) => cancel(turn, id));
  router.payload(Command.myEvents, async (turn) => listMine(turn));
  addFlow<RegisterValues, { eventId?: string }>(app, {
    id: EVENT_REGISTER_FLOW,
    first: CONTACT_STEP,
    init: (options) => ({ eventId: options.eventId ?? '', details: {} }),
    steps: {
      ...contactSteps<RegisterValues>({
        purpose: 'event_registration',
        fields: () => ['name', 'phone'],
        consentText: (turn, values) => turn.t('consent:event_registration.text', { title: findEvent(turn, values.eventId)?.title[turn.language] ?? '' }),
        next: 'register',
        declined: 'declined',
      }),
      register: { enter: register },
      declined: {
        async enter(turn) {
          await finish(turn, turn.t('events:declined'));
          return step.end();
        },
      },
    },
  });
}
