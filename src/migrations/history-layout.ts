import type { Model } from 'mongoose';
import { isDuplicateKey } from '../db/connect.js';
import { ContactModel } from '../db/models/contact.js';
import { InboxEventModel, inboundEventKey } from '../db/models/inbox-event.js';
import { InboxRecordModel } from '../db/models/inbox-record.js';
import { OutboxMessageModel, OutboxRecordModel } from '../db/models/outbox-message.js';
import { TicketModel } from '../db/models/ticket.js';
import { TranscriptMessageModel, transcriptLineId } from '../db/models/transcript-message.js';
import { claimRequestKey, recordTicketRefs } from '../services/tickets/refs.js';
import { localDateOf } from '../services/zoned-time.js';
import { log } from '../log.js';
import { runMigrationOnce } from './run-once.js';

const migrationLog = log.child({ module: 'migration' });

/** What one run moved, by collection. */
export interface HistoryLayoutReport {
  contacts: number;
  inboxEvents: number;
  outboxMessages: number;
  transcriptLines: number;
  tickets: number;
}

type Legacy = Record<string, unknown> & { _id: unknown };

/** Inserts `doc`; one already there (an interrupted earlier run wrote it) is the same document. */
async function insertOnce(model: Pick<Model<unknown>, 'collection'>, doc: Record<string, unknown>): Promise<void> {
  try {
    await model.collection.insertOne(doc);
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
}

/**
 * Every document of `model` still in the earlier layout (a generated ObjectId as `_id`), moved
 * one by one by `move`, which writes the new documents; the old one is deleted last, so an
 * interrupted run leaves nothing lost and the next run finishes the job.
 */
async function moveLegacy(model: Pick<Model<unknown>, 'collection'>, move: (doc: Legacy) => Promise<void>): Promise<number> {
  let moved = 0;
  for await (const doc of model.collection.find({}) as AsyncIterable<Legacy>) {
    if (typeof doc._id === 'string') continue;
    await move(doc);
    await model.collection.deleteOne({ _id: doc._id } as never);
    moved += 1;
  }
  return moved;
}

async function moveContacts(): Promise<number> {
  return moveLegacy(ContactModel, async ({ _id: _old, ...contact }) => {
    // Someone who wrote before is not greeted as a first-time visitor after the move.
    const inboundCount = contact.inboundCount ?? (contact.lastInboundAt ? 1 : 0);
    await insertOnce(ContactModel, { ...contact, inboundCount, _id: String(contact.key) });
  });
}

async function moveInbox(): Promise<number> {
  return moveLegacy(InboxEventModel, async ({ _id: _old, nextAttemptAt, doneAt, status, ...event }) => {
    const _id = inboundEventKey(String(event.channel), String(event.eventId));
    await insertOnce(InboxRecordModel, { ...event, _id, status, ...(doneAt ? { doneAt } : {}) });
    if (status !== 'done') await insertOnce(InboxEventModel, { ...event, _id, status, nextAttemptAt });
  });
}

async function moveOutbox(): Promise<number> {
  return moveLegacy(OutboxMessageModel, async ({ _id: _old, status, outcome, sentAt, platformMessageId, nextAttemptAt, ...message }) => {
    const _id = String(message.key);
    await insertOnce(OutboxRecordModel, {
      ...message,
      _id,
      status,
      ...(outcome ? { outcome } : {}),
      ...(sentAt ? { sentAt } : {}),
      ...(platformMessageId ? { platformMessageId } : {}),
    });
    if (status === 'pending') await insertOnce(OutboxMessageModel, { ...message, _id, nextAttemptAt });
  });
}

/**
 * Numbers each person's earlier transcript lines 1, 2, 3, … in the order they were written
 * (see services/transcript.ts). A copy carries the old `_id` as `legacyId`, so a run that was
 * interrupted recognises the copies it made and numbers no line twice.
 */
async function moveTranscript(timeZone: string): Promise<number> {
  // The days each person wrote (the reports' reach) are kept on their contact from now on, as days in `timeZone`.
  let moved = 0;
  let current: { contactKey: string; next: number } | undefined;
  const lines = TranscriptMessageModel.collection.find({}).sort({ contactKey: 1, at: 1, _id: 1 }) as AsyncIterable<Legacy>;
  for await (const { _id: oldId, ...line } of lines) {
    if (typeof oldId === 'string') continue;
    const contactKey = String(line.contactKey);
    if (current?.contactKey !== contactKey) {
      const contact = await ContactModel.findById(contactKey, { lineCount: 1 }).lean();
      current = { contactKey, next: (contact?.lineCount ?? 0) + 1 };
    }
    for (;;) {
      const _id = transcriptLineId(contactKey, current.next);
      try {
        await TranscriptMessageModel.collection.insertOne({ ...line, _id, legacyId: oldId } as never);
        break;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        const taken = await TranscriptMessageModel.collection.findOne({ _id } as never);
        if (String((taken as { legacyId?: unknown } | null)?.legacyId) === String(oldId)) break;
        current.next += 1;
      }
    }
    await TranscriptMessageModel.collection.deleteOne({ _id: oldId } as never);
    const wrote = line.direction === 'in' ? { $addToSet: { activeDays: localDateOf(line.at as Date, timeZone) } } : {};
    await ContactModel.updateOne({ _id: contactKey }, { $max: { lineCount: current.next }, ...wrote });
    current.next += 1;
    moved += 1;
  }
  return moved;
}

/** Every ticket made findable by `_id` (code, request, person); the tickets themselves stay. */
async function indexTickets(): Promise<number> {
  let indexed = 0;
  for await (const ticket of TicketModel.find({}, { code: 1, requestKey: 1, contactKey: 1 }).sort({ createdAt: 1 }).lean().cursor()) {
    const id = String(ticket._id);
    if (ticket.requestKey) await claimRequestKey(ticket.requestKey, id);
    await recordTicketRefs({ id, code: ticket.code, contactKey: ticket.contactKey ?? undefined });
    indexed += 1;
  }
  return indexed;
}

/**
 * Moves a database from the earlier layout to the current one: contacts keyed by `_id`, and
 * handled inbound events and settled outbound messages out of the inbox and outbox (which now
 * hold only live work) into their records, transcript lines numbered per person, and tickets findable by code and person through
 * `ticket_refs`. Runs at start, before the workers; idempotent and
 * safe to interrupt (each document is written anew before the old one is deleted). A marker
 * document makes every later start skip it with one `_id` lookup. `timeZone` (the calendar's)
 * decides the days each person wrote.
 */
export function migrateToHistoryLayout(timeZone: string): Promise<HistoryLayoutReport | null> {
  return runMigrationOnce('history-layout', () => moveEverything(timeZone));
}

async function moveEverything(timeZone: string): Promise<HistoryLayoutReport> {
  // Unique indexes of the earlier layout (contacts.key, inbox channel+eventId, outbox.key) would
  // refuse a document's new copy while its old one exists: `_id` is the unique key now.
  for (const model of [ContactModel, InboxEventModel, OutboxMessageModel]) await model.syncIndexes();
  const report = {
    contacts: await moveContacts(),
    inboxEvents: await moveInbox(),
    outboxMessages: await moveOutbox(),
    transcriptLines: await moveTranscript(timeZone),
    tickets: await indexTickets(),
  };
  if (report.contacts + report.inboxEvents + report.outboxMessages + report.transcriptLines + report.tickets > 0)
    migrationLog.info(report, 'moved the database to the history layout');
  return report;
}
