import mongoose from 'mongoose';
import { ContactModel } from '../db/models/contact.js';
import { log } from '../log.js';
import { runMigrationOnce } from './run-once.js';

const migrationLog = log.child({ module: 'migration' });

/** What one run did with the earlier `dialog_state` documents. */
export interface DialogMoveReport {
  /** States now on their person's contact. */
  moved: number;
  /** States of no known person (or of a key of another shape): dropped, the person starts from the menu. */
  dropped: number;
}

/**
 * The contact key a Botkit conversation-state key belongs to. Botkit builds the key as
 * `<channel>/conversations/<the conversation's fields, sorted, joined by "-">-<user id>/`, and
 * the conversation's id here is the contact key `<channel>:<user id>`; user ids may hold "-",
 * so the longest user id whose contact key appears before it is the one.
 */
export function contactKeyOfStateKey(stateKey: string): string | undefined {
  const match = /^([^/]+)\/conversations\/(.+)\/[^/]*$/.exec(stateKey);
  if (!match) return undefined;
  const [, channel, conversation] = match as unknown as [string, string, string];
  for (let dash = conversation.indexOf('-'); dash !== -1; dash = conversation.indexOf('-', dash + 1)) {
    const userId = conversation.slice(dash + 1);
    const contactKey = `${channel}:${userId}`;
    if (userId && conversation.slice(0, dash).includes(contactKey)) return contactKey;
  }
  return undefined;
}

async function moveStates(): Promise<DialogMoveReport> {
  const states = mongoose.connection.collection<{ _id: string; json?: string }>('dialog_state');
  const report: DialogMoveReport = { moved: 0, dropped: 0 };
  for await (const state of states.find({})) {
    const contactKey = contactKeyOfStateKey(state._id);
    // A state written since (by a turn after an interrupted run) is newer: it stays.
    const placed =
      contactKey && state.json ? await ContactModel.updateOne({ _id: contactKey, dialog: { $exists: false } }, { $set: { dialog: state.json } }) : undefined;
    if (placed && placed.matchedCount === 1) report.moved += 1;
    else report.dropped += 1;
    await states.deleteOne({ _id: state._id });
  }
  return report;
}

/**
 * Moves Botkit's conversation states from the earlier `dialog_state` collection onto the
 * people's contacts (`dialog`), where a turn finds it without a read. Runs at start, before the
 * workers; idempotent and safe to interrupt (each state is written to its contact before its
 * document goes). A marker document makes every later start skip it with one `_id` lookup.
 */
export function migrateDialogsToContacts(): Promise<DialogMoveReport | null> {
  return runMigrationOnce('dialog-on-contacts', async () => {
    const report = await moveStates();
    if (report.moved + report.dropped > 0) migrationLog.info(report, 'moved the dialog states onto the contacts');
    return report;
  });
}
