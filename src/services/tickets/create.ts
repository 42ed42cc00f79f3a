import { Types } from 'mongoose';
import { isDuplicateKey } from '../../db/connect.js';
import { InputError } from '../../errors.js';
import { CHANNELS, LANGUAGES, type Channel, type Language } from '../../domain/vocabulary.js';
import { TICKET_KINDS, TicketModel, type TicketKind } from '../../db/models/ticket.js';
import { log } from '../../log.js';
import { writeAudit } from '../audit.js';
import { routeTicket } from '../routing.js';
import { isCoveredByCalendar } from '../working-days.js';
import { insertWithNextTicketCode } from './code.js';
import { recordTicketState } from './copies.js';
import { claimRequestKey, recordTicketRefs } from './refs.js';
import type { TicketContext } from './context.js';
import { optionalTopic, requireContactKey, requireOneOf, requireText } from './guards.js';
import { toTicketRecord, type TicketAttachment, type TicketContactSnapshot, type TicketDoc, type TicketRecord } from './record.js';
import { dueDateFor } from './time-limits.js';

const ticketLog = log.child({ module: 'tickets' });

export const MAX_QUESTION_LENGTH = 20_000;
export const MAX_ATTACHMENTS = 10;

export interface CreateTicketInput {
  kind: TicketKind;
  topic?: string;
  /** The question or complaint, as the person wrote it (several messages joined). */
  question: string;
  attachments?: TicketAttachment[];
  /** `${channel}:${userId}` of the person. */
  contactKey: string;
  channel: Channel;
  language: Language;
  /** Only the details the person consented to give for this ticket; the caller guarantees consent. */
  contact?: TicketContactSnapshot;
  /**
   * Idempotency key, e.g. the inbound event that confirmed the ticket: a turn that runs again
   * after a crash gets the ticket it already created instead of a second one.
   */
  requestKey?: string;
}

export interface CreateTicketOptions {
  /** Time of receipt; defaults to the context clock. */
  now?: Date;
}

function cleanAttachments(value: unknown): TicketAttachment[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new InputError('attachments must be a list');
  if (value.length > MAX_ATTACHMENTS) throw new InputError(`at most ${MAX_ATTACHMENTS} attachments per ticket`);
  return value.map((a, i) => {
    if (typeof a !== 'object' || a === null) throw new InputError(`attachments[${i}] must be an object`);
    const { type, url, name } = a as Record<string, unknown>;
    const cleanUrl = requireText(url, `attachments[${i}].url`, { max: 2_000, optional: true });
    if (cleanUrl && !/^https?:\/\//i.test(cleanUrl)) throw new InputError(`attachments[${i}].url must be an http(s) address`);
    return {
      type: requireText(type, `attachments[${i}].type`, { max: 30, optional: true }),
      url: cleanUrl,
      name: requireText(name, `attachments[${i}].name`, { max: 300, optional: true }),
    };
  });
}

const CONTACT_FIELDS = ['name', 'phone', 'email', 'address'] as const;

function cleanContact(value: unknown): TicketContactSnapshot | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw new InputError('contact must be an object');
  const raw = value as Record<string, unknown>;
  const unknown = Object.keys(raw).filter((k) => !CONTACT_FIELDS.includes(k as (typeof CONTACT_FIELDS)[number]));
  if (unknown.length > 0) throw new InputError(`contact has fields that are not collected: ${unknown.join(', ')}`);
  const phone = requireText(raw.phone, 'contact.phone', { max: 30, optional: true });
  if (phone && !/^\+?[0-9 .()-]{6,30}$/.test(phone)) throw new InputError('contact.phone must be a phone number');
  const email = requireText(raw.email, 'contact.email', { max: 254, optional: true });
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new InputError('contact.email must be an email address');
  const snapshot: TicketContactSnapshot = {
    name: requireText(raw.name, 'contact.name', { max: 200, optional: true }),
    phone,
    email,
    address: requireText(raw.address, 'contact.address', { max: 500, optional: true }),
  };
  const given = Object.fromEntries(Object.entries(snapshot).filter(([, v]) => v !== undefined));
  return Object.keys(given).length > 0 ? given : undefined;
}

/**
 * Records a new ticket from a person and returns it. Guarantees: the code is unique and the
 * next of its year (`KHCN-2026-00042`, year in the calendar's zone); the department is the one
 * the routing rules choose at this moment; `dueAt` follows the time limit of the kind; the
 * history starts with a `created` entry naming how it was routed. Rejects bad input with an
 * {@link InputError} before anything is stored. Dates follow `context` (the service's calendar,
 * time limits and clock), whose listeners are told of the new ticket.
 */
export async function createTicket(context: TicketContext, input: CreateTicketInput, options: CreateTicketOptions = {}): Promise<TicketRecord> {
  const now = options.now ?? context.clock();
  const kind = requireOneOf(input.kind, TICKET_KINDS, 'kind');
  const channel = requireOneOf(input.channel, CHANNELS, 'channel');
  const language = requireOneOf(input.language, LANGUAGES, 'language');
  const contactKey = requireContactKey(input.contactKey);
  if (!contactKey.startsWith(`${channel}:`)) throw new InputError('contactKey belongs to another channel');
  const topic = optionalTopic(input.topic);
  const question = requireText(input.question, 'question', { max: MAX_QUESTION_LENGTH });
  const attachments = cleanAttachments(input.attachments);
  const contact = cleanContact(input.contact);

  const requestKey = input.requestKey === undefined ? undefined : requireText(input.requestKey, 'requestKey', { max: 200 });
  // The id is chosen before anything is stored, so the request key can be claimed for it first.
  let ticketId = new Types.ObjectId().toString();
  if (requestKey) {
    const claimed = await claimRequestKey(requestKey, ticketId);
    if (claimed !== ticketId) {
      const existing = await TicketModel.findById(claimed).lean<TicketDoc>();
      if (existing) return afterStored(toTicketRecord(existing), context.calendar.timezone);
      // An earlier attempt of this request claimed the key and stopped before storing its ticket.
      ticketId = claimed;
    }
  }
  const route = await routeTicket({ topic, text: question, kind });
  const dueAt = dueDateFor(kind, now, context.timeLimits, context.calendar);
  if (!isCoveredByCalendar(dueAt, context.calendar)) {
    ticketLog.warn({ dueAt }, 'due date falls in a year the holiday calendar does not list; add that year to content/calendar.json');
  }
  const routedBy = route.ruleKey ? `${route.reason} (${route.ruleKey})` : route.reason;
  const created = await insertWithNextTicketCode(now, context.calendar.timezone, async (code) => {
    try {
      const doc = await TicketModel.create({
        _id: ticketId,
        code,
        requestKey: requestKey ?? code,
        kind,
        topic,
        departmentCode: route.departmentCode,
        status: 'new',
        contactKey,
        channel,
        language,
        question,
        attachments,
        contact,
        dueAt,
        history: [{ at: now, actor: 'person', action: 'created', status: 'new', departmentCode: route.departmentCode, note: `routed by ${routedBy}` }],
        createdAt: now,
        updatedAt: now,
      });
      return doc.toObject();
    } catch (err) {
      // The same request, running at the same moment, stored this very ticket first.
      const stored = isDuplicateKey(err) ? await TicketModel.findById(ticketId).lean<TicketDoc>() : null;
      if (stored) return stored;
      throw err;
    }
  });
  const ticket = await afterStored(toTicketRecord(created), context.calendar.timezone);
  if (contact) {
    // Storing consented contact details is a change of personal data: recorded by field name only.
    await writeAudit(
      { actor: 'person', action: 'ticket.contact_stored', targetType: 'ticket', targetId: ticket.id, details: { fields: Object.keys(contact) } },
      now,
    );
  }
  ticketLog.info({ code: ticket.code, kind, departmentCode: route.departmentCode, routedBy }, 'ticket created');
  await context.announceCreated(ticket);
  return ticket;
}

/** Makes a stored ticket findable by its code, among its person's tickets and in the queue and reports (again, after a retry). */
async function afterStored(ticket: TicketRecord, timeZone: string): Promise<TicketRecord> {
  await recordTicketRefs({ id: ticket.id, code: ticket.code, contactKey: ticket.contactKey });
  await recordTicketState(ticket, timeZone);
  return ticket;
}
