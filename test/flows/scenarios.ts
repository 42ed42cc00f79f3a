import { expect } from 'vitest';
import { TicketModel } from '../../src/db/models/ticket.js';
import { answerTicket, type StaffActor } from '../../src/services/tickets/index.js';
import type { Chat } from './chat.js';
import type { RunningService } from '../../src/service.js';

const admin: StaffActor = { username: 'quantri', displayName: 'Quản trị viên', role: 'admin' };

/** Files a question through the ask flow without contact details; returns the stored ticket. */
export async function fileQuestion(chat: Chat, topic: string, text: string) {
  const before = await TicketModel.countDocuments({ contactKey: chat.contactKey });
  await chat.tap(`ASK:${topic}`);
  await chat.say(text);
  await chat.tap('DONE');
  await chat.tap('SKIP');
  await chat.tap('CONSENT_NO');
  await chat.tap('SEND');
  const tickets = await TicketModel.find({ contactKey: chat.contactKey }).sort({ createdAt: -1 }).lean();
  expect(tickets).toHaveLength(before + 1);
  return tickets[0]!;
}

/** A member of staff answers the ticket in `service` (queued to the person like its console does). */
export async function staffAnswers(service: RunningService, ticketId: string, text: string) {
  return answerTicket(service.tickets, ticketId, text, admin, { wakeOutbox: () => service.outboxWorker.wake() });
}
