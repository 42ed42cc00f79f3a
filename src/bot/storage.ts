import type { Storage, StoreItem, StoreItems } from 'botbuilder';
import { findByIds } from '../db/by-id.js';
import { DialogStateModel } from '../db/models/dialog-state.js';

/**
 * botbuilder `Storage` over MongoDB, so a restart or a second instance continues the same
 * conversation. Turns for one person never run concurrently (the inbox worker holds a
 * per-person lease), so last-writer-wins on `eTag: '*'` loses nothing.
 */
export class MongooseStorage implements Storage {
  /** Keys the last read found no state for (a person's first turn), until they are written. */
  private readonly absent = new Set<string>();

  async read(keys: string[]): Promise<StoreItems> {
    if (keys.length === 0) return {};
    const docs = await findByIds<{ _id: string; json: string }>(DialogStateModel, keys);
    const items: StoreItems = {};
    for (const doc of docs) items[doc._id] = JSON.parse(doc.json) as StoreItem;
    // Bounded: a turn that failed between its read and its write leaves its key behind.
    if (this.absent.size > MAX_ABSENT_KEYS) this.absent.clear();
    for (const key of keys) {
      if (key in items) this.absent.delete(key);
      else this.absent.add(key);
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    const now = new Date();
    // A state that was absent and is still empty reads back the same without a document: a
    // person's first turn outside any dialog writes nothing.
    const entries = Object.entries(changes).filter(([key, value]) => !(this.absent.has(key) && isEmptyDialogState(value)));
    for (const key of Object.keys(changes)) this.absent.delete(key);
    const ops = entries.map(([key, value]) => ({
      updateOne: { filter: { _id: key }, update: { $set: { json: JSON.stringify(value), updatedAt: now } }, upsert: true },
    }));
    if (ops.length > 0) await DialogStateModel.bulkWrite(ops, { ordered: true });
  }

  async delete(keys: string[]): Promise<void> {
    if (keys.length > 0) await DialogStateModel.deleteMany({ _id: { $in: keys } });
  }
}

/** Keys remembered as absent at most; more means turns failed in between, and the memory starts again. */
const MAX_ABSENT_KEYS = 10_000;

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
