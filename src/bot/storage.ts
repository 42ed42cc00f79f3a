import { AsyncLocalStorage } from 'node:async_hooks';
import type { Storage, StoreItem, StoreItems } from 'botbuilder';
import { updateOneWithOthers } from '../db/batched-writes.js';
import { ContactModel } from '../db/models/contact.js';
import { AppError } from '../errors.js';

/** The person whose turn is running, and their dialog state as their contact held it when the turn began. */
interface TurnDialog {
  contactKey: string;
  /** JSON text of Botkit's conversation state; undefined when none is stored. */
  stored: string | undefined;
}

const turnDialog = new AsyncLocalStorage<TurnDialog>();

/** Dialog state was asked for outside a person's turn, or for more than the turn's one conversation. */
class DialogStorageError extends AppError {
  constructor(message: string) {
    super('dialog_storage', message);
  }
}

/**
 * Runs a person's turn with their dialog state as `stored` (the contact's `dialog`, which the
 * turn's first write returned): the turn's Botkit storage reads it from here and writes it back
 * to the contact, by `_id`.
 */
export function runWithDialogOf<T>(contactKey: string, stored: string | undefined, turn: () => Promise<T>): Promise<T> {
  return turnDialog.run({ contactKey, stored }, turn);
}

function currentTurn(keys: readonly string[]): TurnDialog {
  const turn = turnDialog.getStore();
  if (!turn) throw new DialogStorageError("dialog state is kept on the contact and read only within a person's turn");
  // Every conversation here is one person's (conversation id = contact key): Botkit asks for its one key.
  if (keys.length > 1) throw new DialogStorageError(`a turn has one conversation; asked for ${keys.length} keys of ${turn.contactKey}`);
  return turn;
}

/**
 * botbuilder `Storage` that keeps a person's conversation state on their contact (`dialog`,
 * JSON text: dialog state has keys with dots and dollar signs). The turn's first write of the
 * contact returns it, so reading it costs no command; writing it is one update of the contact
 * by `_id`, sent with other turns' updates of contacts. A restart or another instance continues
 * the same conversation, and erasing or resetting a person's data takes their dialog with it.
 * Turns for one person never run concurrently (the inbox worker holds a per-person lease).
 */
export class ContactDialogStorage implements Storage {
  read(keys: string[]): Promise<StoreItems> {
    if (keys.length === 0) return Promise.resolve({});
    const turn = currentTurn(keys);
    return Promise.resolve(turn.stored === undefined ? {} : { [keys[0]!]: JSON.parse(turn.stored) as StoreItem });
  }

  async write(changes: StoreItems): Promise<void> {
    const entries = Object.entries(changes);
    if (entries.length === 0) return;
    const turn = currentTurn(entries.map(([key]) => key));
    const value: unknown = entries[0]![1];
    const now = new Date();
    if (isEmptyDialogState(value)) {
      // Outside any dialog: nothing to keep, and nothing to write when nothing was kept.
      if (turn.stored === undefined) return;
      await updateOneWithOthers(ContactModel, { _id: turn.contactKey }, { $unset: { dialog: 1 }, $set: { updatedAt: now } });
      turn.stored = undefined;
      return;
    }
    const json = JSON.stringify(value);
    await updateOneWithOthers(ContactModel, { _id: turn.contactKey }, { $set: { dialog: json, updatedAt: now } });
    turn.stored = json;
  }

  async delete(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    const turn = currentTurn(keys);
    await updateOneWithOthers(ContactModel, { _id: turn.contactKey }, { $unset: { dialog: 1 }, $set: { updatedAt: new Date() } });
    turn.stored = undefined;
  }
}

/** True for the state Botkit makes for a conversation with no dialog: an empty dialog stack, and its `eTag`. */
function isEmptyDialogState(value: unknown): boolean {
  if (!value || typeof value !== 'object') return false;
  return Object.entries(value as Record<string, unknown>).every(([property, state]) => {
    if (property === 'eTag') return true;
    if (!state || typeof state !== 'object') return false;
    const fields = Object.entries(state as Record<string, unknown>);
    const stack = fields[0]?.[1];
    return fields.length === 1 && fields[0]![0] === 'dialogStack' && Array.isArray(stack) && stack.length === 0;
  });
}
