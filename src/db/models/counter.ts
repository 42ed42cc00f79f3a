import { Schema, model } from 'mongoose';
import { isDuplicateKey } from '../errors.js';

/**
 * Counters, e.g. `ticket:2026` for ticket codes. Each value handed out is claimed by inserting
 * `<counter>#<value>` under a unique `_id`, so no value is ever given twice, even where the
 * server does not apply `$inc` atomically (FerretDB 1.x on SQLite loses concurrent `$inc`s;
 * see docs/database.md). `counters` only keeps the highest value as a starting hint.
 */
const counterSchema = new Schema(
  { _id: { type: String, required: true }, seq: { type: Number, required: true } },
  { collection: 'counters', versionKey: false },
);
const counterClaimSchema = new Schema({ _id: { type: String, required: true } }, { collection: 'counter_claims', versionKey: false });

export const CounterModel = model('Counter', counterSchema);
export const CounterClaimModel = model('CounterClaim', counterClaimSchema);

/** Returns the next unused value of a counter (1 for a new one). Unique across instances. */
export async function nextCounterValue(id: string): Promise<number> {
  const hint = await CounterModel.findById(id).lean();
  let value = (hint?.seq ?? 0) + 1;
  for (;;) {
    try {
      await CounterClaimModel.create({ _id: `${id}#${value}` });
      break;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      value += 1;
    }
  }
  try {
    await CounterModel.updateOne({ _id: id, seq: { $lt: value } }, { $set: { seq: value } }, { upsert: true });
  } catch (err) {
    // Another caller moved the hint at the same moment; the hint only speeds up the next claim.
    if (!isDuplicateKey(err)) throw err;
  }
  return value;
}
