// Conversation state for the stock Botkit path kept in the database the service uses: one
// document per conversation key, read by `_id` and written with an upsert, the usual shape of
// a botbuilder `Storage` over MongoDB (the service keeps it on the person's contact instead).
import type { Storage, StoreItem, StoreItems } from 'botbuilder';
import mongoose from 'mongoose';

interface StateDoc {
  _id: string;
  json: string;
}

export class CollectionStorage implements Storage {
  private readonly states = mongoose.connection.collection<StateDoc>('bench_stock_state');

  async read(keys: string[]): Promise<StoreItems> {
    const docs = await Promise.all(keys.map((key) => this.states.findOne({ _id: key })));
    const items: StoreItems = {};
    for (const doc of docs) if (doc) items[doc._id] = JSON.parse(doc.json) as StoreItem;
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    const ops = Object.entries(changes).map(([key, value]) => ({
      updateOne: { filter: { _id: key }, update: { $set: { json: JSON.stringify(value) } }, upsert: true },
    }));
    if (ops.length > 0) await this.states.bulkWrite(ops, { ordered: true });
  }

  async delete(keys: string[]): Promise<void> {
    await Promise.all(keys.map((key) => this.states.deleteOne({ _id: key })));
  }
}
