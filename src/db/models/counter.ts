import { Schema, model } from 'mongoose';

/** Monotonic counters, e.g. `ticket:2026` for ticket codes and `outbox-seq` for send order. */
const counterSchema = new Schema(
  { _id: { type: String, required: true }, seq: { type: Number, required: true } },
  { collection: 'counters', versionKey: false },
);

export const CounterModel = model('Counter', counterSchema);

/** Returns the next value of a counter (1 for a new one). Atomic across instances. */
export async function nextCounterValue(id: string, by = 1): Promise<number> {
  const doc = await CounterModel.findOneAndUpdate({ _id: id }, { $inc: { seq: by } }, { upsert: true, returnDocument: 'after' }).lean();
  return doc!.seq;
}
