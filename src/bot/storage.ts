import type { Storage, StoreItem, StoreItems } from 'botbuilder';
import { findByIds } from '../db/by-id.js';
import { DialogStateModel } from '../db/models/dialog-state.js';

/**
 * botbuilder `Storage` over MongoDB, so a restart or a second instance continues the same
 * conversation. Turns for one person never run concurrently (the inbox worker holds a
 * per-person lease), so last-writer-wins on `eTag: '*'` loses nothing.
 */
export class MongooseStorage implements Storage {
  async read(keys: string[]): Promise<StoreItems> {
    if (keys.length === 0) return {};
    const docs = await findByIds<{ _id: string; json: string }>(DialogStateModel, keys);
    const items: StoreItems = {};
    for (const doc of docs) items[doc._id] = JSON.parse(doc.json) as StoreItem;
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    const now = new Date();
    const ops = Object.entries(changes).map(([key, value]) => ({
      updateOne: { filter: { _id: key }, update: { $set: { json: JSON.stringify(value), updatedAt: now } }, upsert: true },
    }));
    if (ops.length > 0) await DialogStateModel.bulkWrite(ops, { ordered: true });
  }

  async delete(keys: string[]): Promise<void> {
    if (keys.length > 0) await DialogStateModel.deleteMany({ _id: { $in: keys } });
  }
}
