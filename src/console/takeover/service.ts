import { randomUUID } from 'node:crypto';
import { deleteConversationState } from '../../services/conversation-state.js';
import { ContactModel } from '../../db/models/contact.js';
import type { Language } from '../../domain/vocabulary.js';
import { TakeoverRecordModel } from '../../db/models/takeover-record.js';
import { InputError } from '../../errors.js';
import { log } from '../../log.js';
import { enqueueMessage } from '../../outbox/enqueue.js';
import type { WakeOutbox } from '../../outbox/wake.js';
import { writeAudit, type AuditActor, type StaffActor } from '../../services/audit.js';
import { assertCanAccessTicket, loadTicket, type TicketRecord } from '../../services/tickets/index.js';
import { recordLiveEvent } from '../events/store.js';
import { excerptOf } from '../events/types.js';
import { takeoverEndMessage, takeoverStartMessage } from './messages.js';

const takeoverLog = log.child({ module: 'console.takeover' });

/** Longest message an officer may send in one go. */
const MAX_TAKEOVER_MESSAGE = 4_000;

/** A takeover refused because of who holds the conversation (HTTP 409). */
function conflict(message: string): InputError {
  return new InputError(message, 409, 'takeover_conflict');
}

/** The current takeover of a person, as stored on their contact. */
export interface TakeoverState {
  staffId: string;
  staffName: string;
  since: Date;
  lastActivityAt: Date;
}

/** Reads a contact's takeover (undefined when the bot is in charge). */
export async function takeoverOf(contactKey: string): Promise<{ state?: TakeoverState; language: Language } | undefined> {
  const contact = await ContactModel.findOne({ _id: String(contactKey) }, { takeover: 1, language: 1 }).lean();
  if (!contact) return undefined;
  const t = contact.takeover;
  const state =
    t?.staffId && t.since
      ? { staffId: t.staffId, staffName: t.staffName ?? t.staffId, since: t.since, lastActivityAt: t.lastActivityAt ?? t.since }
      : undefined;
  return { state, language: contact.language ?? 'vi' };
}

/**
 * Applies `update` to the contact when its takeover is still `expected` (none, when undefined);
 * false when it changed meanwhile. Read, then written, by `_id` alone: a filter on the takeover
 * fields would make FerretDB read every contact. Two officers taking over in the same instant
 * can both pass the check (FerretDB did not isolate the conditional update either); the later
 * write holds the conversation and the other officer sees that on the next page load.
 */
async function setTakeoverIf(
  contactKey: string,
  expected: Pick<TakeoverState, 'staffId' | 'since'> | undefined,
  update: Record<string, unknown>,
): Promise<boolean> {
  const contact = await ContactModel.findById(contactKey, { takeover: 1 }).lean();
  if (!contact) return false;
  const held = contact.takeover?.staffId ? contact.takeover : undefined;
  const same = expected ? held?.staffId === expected.staffId && held?.since?.getTime() === expected.since.getTime() : held === undefined;
  if (!same) return false;
  await ContactModel.updateOne({ _id: contactKey }, update);
  return true;
}

/** True when a takeover has seen no officer activity for longer than `idleMs`. */
export function isIdle(state: TakeoverState, idleMs: number, now: Date): boolean {
  return now.getTime() - state.lastActivityAt.getTime() > idleMs;
}

async function ticketForTakeover(ticketId: string, actor: StaffActor): Promise<TicketRecord & { contactKey: string }> {
  const ticket = await loadTicket(ticketId);
  assertCanAccessTicket(actor, ticket);
  if (!ticket.contactKey) throw conflict('Dữ liệu của người dân trên phiếu này đã bị xoá; không thể trò chuyện trực tiếp.');
  return ticket as TicketRecord & { contactKey: string };
}

/** A closed ticket is no reason to talk to the person: a new question opens a new ticket (or reopen this one first). */
function assertOpenForTakeover(ticket: TicketRecord): void {
  if (ticket.status === 'closed') throw conflict('Phiếu này đã đóng; hãy mở lại phiếu trước khi trò chuyện trực tiếp với người dân.');
}

/**
 * An officer takes over the conversation of the ticket's person: the bot stays quiet for them
 * (see the takeover gate) until {@link handBack}. Never from a closed ticket. Allowed when nobody holds it, when the
 * holder left it idle past `idleMs`, or when the actor already holds it (then nothing
 * changes). The person is told, and the start is audited.
 */
export async function startTakeover(
  ticketId: string,
  actor: StaffActor,
  idleMs: number,
  wake: WakeOutbox,
  now = new Date(),
): Promise<{ contactKey: string; started: boolean }> {
  const ticket = await ticketForTakeover(ticketId, actor);
  assertOpenForTakeover(ticket);
  const current = await takeoverOf(ticket.contactKey);
  if (!current) throw conflict('Người dân này chưa nhắn tin cho Sở qua kênh trò chuyện; chưa thể trò chuyện trực tiếp.');
  if (current.state?.staffId === actor.username) return { contactKey: ticket.contactKey, started: false };
  if (current.state && !isIdle(current.state, idleMs, now)) {
    throw conflict(`Cuộc trò chuyện đang do ${current.state.staffName} trực tiếp xử lý.`);
  }
  const takeover = { staffId: actor.username, staffName: actor.displayName, since: now, lastActivityAt: now };
  const taken = await setTakeoverIf(ticket.contactKey, current.state, { $set: { takeover } });
  if (!taken) throw conflict('Một cán bộ khác vừa nhận cuộc trò chuyện này; hãy tải lại trang.');
  await TakeoverRecordModel.updateOne(
    { _id: ticket.contactKey },
    { $set: { ticketId: ticket.id, ticketCode: ticket.code, departmentCode: ticket.departmentCode, staffUsername: actor.username, since: now } },
    { upsert: true },
  );
  await enqueueMessage(
    {
      contactKey: ticket.contactKey,
      purpose: 'staff_message',
      key: `takeover-start:${ticket.contactKey}:${now.getTime()}`,
      message: takeoverStartMessage(current.language, actor.displayName),
      staffId: actor.username,
      ticketId: ticket.id,
    },
    wake,
    now,
  );
  await writeAudit(
    {
      actor,
      action: 'takeover.start',
      targetType: 'contact',
      targetId: ticket.contactKey,
      details: { ticketId: ticket.id, code: ticket.code, ...(current.state ? { tookFromIdle: current.state.staffId } : {}) },
    },
    now,
  );
  takeoverLog.info({ code: ticket.code, staff: actor.username }, 'conversation taken over');
  return { contactKey: ticket.contactKey, started: true };
}

/**
 * Sends an officer's message to the person of a taken-over conversation, through the outbox
 * (purpose `staff_message`). Only the holder may send. `clientId` (from the form) makes a
 * double submit queue one message. Counts as activity for the idle hand-back.
 */
export async function sendTakeoverMessage(
  ticketId: string,
  text: string,
  clientId: string,
  actor: StaffActor,
  wake: WakeOutbox,
  now = new Date(),
): Promise<{ outboxKey: string; created: boolean }> {
  const body = text.trim();
  if (!body) throw new InputError('Hãy nhập nội dung tin nhắn.');
  if (body.length > MAX_TAKEOVER_MESSAGE) throw new InputError(`Tin nhắn dài quá ${MAX_TAKEOVER_MESSAGE} ký tự.`);
  if (!/^[A-Za-z0-9_-]{8,64}$/.test(clientId)) throw new InputError('Biểu mẫu không hợp lệ; hãy tải lại trang.');
  const ticket = await ticketForTakeover(ticketId, actor);
  const current = await takeoverOf(ticket.contactKey);
  if (current?.state?.staffId !== actor.username) throw conflict('Bạn không còn trực tiếp trò chuyện với người này (đã trả lại cho trợ lý tự động).');
  const touched = await setTakeoverIf(ticket.contactKey, current.state, { $set: { 'takeover.lastActivityAt': now } });
  if (!touched) throw conflict('Bạn không còn trực tiếp trò chuyện với người này (đã trả lại cho trợ lý tự động).');
  const key = `takeover:${ticket.contactKey}:${clientId}`;
  const queued = await enqueueMessage(
    { contactKey: ticket.contactKey, purpose: 'staff_message', key, message: { text: body }, staffId: actor.username, ticketId: ticket.id },
    wake,
    now,
  );
  if (queued.created) {
    await writeAudit(
      {
        actor,
        action: 'takeover.message',
        targetType: 'contact',
        targetId: ticket.contactKey,
        details: { ticketId: ticket.id, outboxKey: key, length: body.length },
      },
      now,
    );
    await recordLiveEvent(
      `staff:${key}`,
      {
        type: 'takeover.message',
        contactKey: ticket.contactKey,
        ticketId: ticket.id,
        departmentCode: ticket.departmentCode,
        staffUsername: actor.username,
        author: 'staff',
        text: excerptOf(body, 4_000),
        at: now.toISOString(),
      },
      now,
    );
  }
  return { outboxKey: key, created: queued.created };
}

export type HandBackReason = 'staff' | 'idle';

/**
 * Returns a conversation to the bot: clears the takeover (only the one expected, so two
 * instances sweeping at once hand back once), resets the person's dialog so the bot starts
 * from its menu, tells the person, audits and notifies the console. Returns false when the
 * takeover had already ended or changed hands.
 */
export async function handBack(
  contactKey: string,
  expected: TakeoverState,
  reason: HandBackReason,
  actor: AuditActor,
  wake: WakeOutbox,
  now = new Date(),
): Promise<boolean> {
  if (!(await setTakeoverIf(contactKey, expected, { $unset: { takeover: 1 } }))) return false;
  const record = await TakeoverRecordModel.findOneAndDelete({ _id: contactKey, since: expected.since }).lean();
  await deleteConversationState(contactKey);
  const contact = await ContactModel.findOne({ _id: contactKey }, { language: 1 }).lean();
  await enqueueMessage(
    {
      contactKey,
      purpose: 'staff_message',
      key: `takeover-end:${contactKey}:${expected.since.getTime()}`,
      message: takeoverEndMessage(contact?.language ?? 'vi'),
      staffId: expected.staffId,
      ticketId: record?.ticketId,
    },
    wake,
    now,
  );
  await writeAudit(
    {
      actor,
      action: 'takeover.end',
      targetType: 'contact',
      targetId: contactKey,
      details: { reason, heldBy: expected.staffId, since: expected.since, ticketId: record?.ticketId },
    },
    now,
  );
  await recordLiveEvent(
    `takeover-end:${contactKey}:${expected.since.getTime()}`,
    {
      type: 'takeover.ended',
      contactKey,
      ticketId: record?.ticketId,
      departmentCode: record?.departmentCode,
      staffUsername: expected.staffId,
      reason,
    },
    now,
  );
  takeoverLog.info({ contactKey, reason, heldBy: expected.staffId }, 'conversation handed back to the bot');
  return true;
}

/**
 * An officer hands the ticket's conversation back to the bot. The holder may, and so may an
 * admin or a lead of the ticket's department (to free a conversation someone forgot).
 */
export async function endTakeover(ticketId: string, actor: StaffActor, wake: WakeOutbox, now = new Date()): Promise<boolean> {
  const ticket = await ticketForTakeover(ticketId, actor);
  const current = await takeoverOf(ticket.contactKey);
  if (!current?.state) return false;
  if (current.state.staffId !== actor.username && actor.role === 'officer') {
    throw conflict(`Chỉ ${current.state.staffName} hoặc lãnh đạo phòng mới trả lại được cuộc trò chuyện này.`);
  }
  return handBack(ticket.contactKey, current.state, 'staff', actor, wake, now);
}

/** A fresh id for a message form, so a double submit sends once. */
export function newClientMessageId(): string {
  return randomUUID().replace(/-/g, '');
}
