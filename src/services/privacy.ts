import { deleteConversationState } from './conversation-state.js';
import { ContactModel, type Contact } from '../db/models/contact.js';
import { InboxEventModel } from '../db/models/inbox-event.js';
import { InboxRecordModel } from '../db/models/inbox-record.js';
import { blankSettledMessagesOf } from '../outbox/records.js';
import { parseContactKey, type Language } from '../domain/vocabulary.js';
import { TranscriptMessageModel } from '../db/models/transcript-message.js';
import { WebChatMessageModel } from '../db/models/webchat-message.js';
import { AppError, InputError, NotFoundError } from '../errors.js';
import { log } from '../log.js';
import { writeAudit } from './audit.js';
import { recordSubscriberChange } from './contact-tallies.js';
import { clearRegistrationDetails, deleteRegistrationsForContact, listRegistrationsForContact, type RegistrationRecord } from './events.js';
import { unsubscribeAll } from './subscriptions.js';
import { anonymiseTicketsForContact, listTicketsForContact, type TicketContext, type TicketRecord } from './tickets/index.js';

const privacyLog = log.child({ module: 'privacy' });

/**
 * What personal data is processed for (Law on Personal Data Protection No. 91/2025/QH15:
 * consent is given per stated purpose). Each purpose has its own consent text in the bot's
 * phrases (`consent:<purpose>.*`), versioned there.
 */
const CONSENT_PURPOSES = ['ticket_contact', 'event_registration', 'news_subscription'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

/** Purposes for which name and phone are kept on the person's profile. */
const PROFILE_PURPOSES: readonly ConsentPurpose[] = ['ticket_contact', 'event_registration'];

/** Personal details are stored without a granted consent for a purpose that needs them. */
export class ConsentRequiredError extends AppError {
  constructor() {
    super('consent_required', 'Personal details may only be stored after the person consented to a purpose that needs them', { status: 409 });
  }
}

export function isConsentPurpose(value: unknown): value is ConsentPurpose {
  return typeof value === 'string' && (CONSENT_PURPOSES as readonly string[]).includes(value);
}

/** Identifies the exact consent text shown: purpose, version of the text, language. */
export function consentTextVersion(purpose: ConsentPurpose, version: string, language: Language): string {
  return `${purpose}/v${version}/${language}`;
}

/** The current decision for one purpose: the latest ledger entry. */
export interface ConsentState {
  purpose: ConsentPurpose;
  granted: boolean;
  textVersion: string;
  at: Date;
}

export interface ProfileDetails {
  name?: string;
  phone?: string;
  email?: string;
  address?: string;
}

/** Latest decision per purpose, from a contact's ledger (purposes never asked are absent). */
export function currentConsents(consents: Contact['consents'] | undefined): ConsentState[] {
  const latest = new Map<ConsentPurpose, ConsentState>();
  for (const entry of consents ?? []) {
    if (!isConsentPurpose(entry.purpose)) continue;
    const previous = latest.get(entry.purpose);
    if (!previous || previous.at.getTime() <= entry.at.getTime()) {
      latest.set(entry.purpose, { purpose: entry.purpose, granted: entry.granted, textVersion: entry.textVersion, at: entry.at });
    }
  }
  return CONSENT_PURPOSES.flatMap((p) => (latest.has(p) ? [latest.get(p)!] : []));
}

function isGranted(consents: Contact['consents'] | undefined, purpose: ConsentPurpose): boolean {
  return currentConsents(consents).some((c) => c.purpose === purpose && c.granted);
}

async function loadContact(contactKey: string): Promise<Contact> {
  const contact = await ContactModel.findOne({ _id: String(contactKey) }).lean<Contact>();
  if (!contact) throw new NotFoundError('Contact');
  return contact;
}

/**
 * Appends a consent decision (given or refused) to the person's ledger: purpose, the version
 * of the text they were shown, and the time. Entries are never changed afterwards, so the
 * ledger proves what was agreed and when.
 */
export async function recordConsent(
  contactKey: string,
  decision: { purpose: ConsentPurpose; granted: boolean; textVersion: string },
  now = new Date(),
): Promise<void> {
  if (!isConsentPurpose(decision.purpose)) throw new InputError(`purpose must be one of: ${CONSENT_PURPOSES.join(', ')}`);
  const entry = { purpose: decision.purpose, granted: decision.granted === true, textVersion: String(decision.textVersion), at: now };
  const result = await ContactModel.updateOne({ _id: String(contactKey) }, { $push: { consents: entry } });
  if (result.matchedCount === 0) throw new NotFoundError('Contact');
  await writeAudit(
    {
      actor: 'person',
      action: entry.granted ? 'consent.grant' : 'consent.refuse',
      targetType: 'contact',
      targetId: String(contactKey),
      details: { purpose: entry.purpose, textVersion: entry.textVersion },
    },
    now,
  );
}

/** True when the person's latest decision for `purpose` is a consent. */
export async function hasConsent(contactKey: string, purpose: ConsentPurpose): Promise<boolean> {
  const contact = await ContactModel.findOne({ _id: String(contactKey) }, { consents: 1 }).lean<Pick<Contact, 'consents'>>();
  return isGranted(contact?.consents, purpose);
}

/**
 * Stores the details the person gave on their profile, so they need not type them again for
 * the same purposes. Only fields given are changed.
 *
 * @throws {ConsentRequiredError} unless consent is granted for a purpose that keeps a profile.
 */
export async function saveProfile(contactKey: string, details: ProfileDetails, now = new Date()): Promise<void> {
  const contact = await loadContact(contactKey);
  if (!PROFILE_PURPOSES.some((p) => isGranted(contact.consents, p))) throw new ConsentRequiredError();
  const set: Record<string, string> = {};
  for (const field of ['name', 'phone', 'email', 'address'] as const) {
    const value = details[field]?.trim();
    if (value) set[`profile.${field}`] = value.slice(0, field === 'address' ? 500 : 200);
  }
  if (Object.keys(set).length === 0) return;
  await ContactModel.updateOne({ _id: contact.key }, { $set: set, $unset: { erasedAt: 1 } });
  await writeAudit(
    {
      actor: 'person',
      action: 'contact.profile_store',
      targetType: 'contact',
      targetId: contact.key,
      details: { fields: Object.keys(set).map((f) => f.slice('profile.'.length)) },
    },
    now,
  );
}

export interface WithdrawalResult {
  /** True when the profile was erased because no purpose needing it is consented any more. */
  profileErased: boolean;
  /** Registrations whose name and phone were removed. */
  registrationsCleared: number;
  /** True when news subscriptions were ended. */
  subscriptionsEnded: boolean;
}

/**
 * Withdraws consent for one purpose (a new ledger entry; earlier lawful processing stands).
 * What depended on it stops: the profile is erased once no purpose needing it remains,
 * event registrations lose their name and phone, news subscriptions end. Details the person
 * gave inside a ticket already filed stay with that ticket until it is answered or erased.
 */
export async function withdrawConsent(contactKey: string, purpose: ConsentPurpose, textVersion: string, now = new Date()): Promise<WithdrawalResult> {
  await recordConsent(contactKey, { purpose, granted: false, textVersion }, now);
  const contact = await loadContact(contactKey);
  const result: WithdrawalResult = { profileErased: false, registrationsCleared: 0, subscriptionsEnded: false };
  if (!PROFILE_PURPOSES.some((p) => isGranted(contact.consents, p)) && contact.profile && Object.values(contact.profile).some((v) => v)) {
    await ContactModel.updateOne({ _id: contact.key }, { $unset: { profile: 1 } });
    result.profileErased = true;
  }
  if (purpose === 'event_registration') result.registrationsCleared = await clearRegistrationDetails(contact.key);
  if (purpose === 'news_subscription') {
    await unsubscribeAll(contact.key);
    result.subscriptionsEnded = true;
  }
  privacyLog.info({ purpose, ...result }, 'consent withdrawn');
  return result;
}

/** Everything kept about one person, as they may see it. */
export interface PersonalDataView {
  displayName?: string;
  language: Language;
  firstSeenAt?: Date;
  profile: ProfileDetails;
  consents: ConsentState[];
  subscriptions: string[];
  openTickets: TicketRecord[];
  registrations: RegistrationRecord[];
}

/** Collects what is stored about the person: profile, consents, subscriptions, open tickets, event registrations. */
export async function describePersonalData(contactKey: string): Promise<PersonalDataView> {
  const contact = await loadContact(contactKey);
  const [openTickets, registrations] = await Promise.all([
    listTicketsForContact(contact.key, { openOnly: true, limit: 20 }),
    listRegistrationsForContact(contact.key),
  ]);
  const profile: ProfileDetails = {};
  for (const field of ['name', 'phone', 'email', 'address'] as const) {
    const value = contact.profile?.[field];
    if (value) profile[field] = value;
  }
  return {
    displayName: contact.displayName ?? undefined,
    language: contact.language ?? 'vi',
    firstSeenAt: contact.firstSeenAt ?? undefined,
    profile,
    consents: currentConsents(contact.consents),
    subscriptions: contact.subscriptions ?? [],
    openTickets,
    registrations,
  };
}

export interface ErasureReport {
  ticketsAnonymised: number;
  transcriptLinesDeleted: number;
  registrationsDeleted: number;
  webChatLinesDeleted: number;
  outboxMessagesScrubbed: number;
  inboxEventsScrubbed: number;
}

/**
 * Erases the person's data on their request: profile, platform display name, consent ledger,
 * subscriptions, event registrations, the conversation transcript (and web chat feed), the
 * texts of delivered bot messages and received events, and the stored dialog state. Tickets
 * are kept anonymised for the reports (see `anonymiseTicketsForContact`). The contact record
 * itself stays, with `erasedAt`, so the person can keep chatting. Idempotent; audited.
 */
export async function erasePersonalData(tickets: TicketContext, contactKey: string, now = new Date()): Promise<ErasureReport> {
  const contact = await loadContact(contactKey);
  const key = contact.key;
  const { channel, userId } = parseContactKey(key);
  const anonymised = await anonymiseTicketsForContact(tickets, key, { actor: 'person', now });
  const registrationsDeleted = await deleteRegistrationsForContact(key);
  const transcript = await TranscriptMessageModel.deleteMany({ contactKey: key });
  const webChat = channel === 'webchat' ? await WebChatMessageModel.deleteMany({ visitorId: userId }) : { deletedCount: 0 };
  const outboxMessagesScrubbed = await blankSettledMessagesOf(key);
  const inbox = await InboxRecordModel.updateMany({ contactKey: key, status: { $in: ['done', 'dead'] } }, { $set: { event: { channel, erased: true } } });
  // A parked event waits for an operator in the inbox itself.
  await InboxEventModel.updateMany({ contactKey: key, status: 'dead' }, { $set: { event: { channel, erased: true } } });
  const before = await ContactModel.findOneAndUpdate(
    { _id: key },
    { $unset: { profile: 1, displayName: 1, lastChoices: 1 }, $set: { consents: [], subscriptions: [], erasedAt: now, inboundCount: 0 } },
    { returnDocument: 'before', lean: true },
  );
  if (before) await recordSubscriberChange(before, { ...before, subscriptions: [] });
  await deleteConversationState(key);
  const report: ErasureReport = {
    ticketsAnonymised: anonymised.count,
    transcriptLinesDeleted: transcript.deletedCount,
    registrationsDeleted,
    webChatLinesDeleted: webChat.deletedCount,
    outboxMessagesScrubbed,
    inboxEventsScrubbed: inbox.modifiedCount,
  };
  await writeAudit({ actor: 'person', action: 'contact.erase', targetType: 'contact', targetId: key, details: { ...report } }, now);
  privacyLog.info({ channel, ...report }, 'personal data erased on request');
  return report;
}
