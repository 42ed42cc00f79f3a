import { Schema, model } from 'mongoose';

/**
 * One tally (`_id` = its name, e.g. `subscribers` or `wrote:2026-05`): counts by key, complete
 * up to change number `upTo` of the tally's log (`tally_changes`). The reports read a few of
 * these instead of every contact.
 */
const tallySchema = new Schema(
  {
    _id: { type: String, required: true },
    upTo: { type: Number, required: true },
    /** The counts as one JSON object text: FerretDB decodes every value of a document it reads, a string little. */
    counts: { type: String, required: true },
    foldedAt: Date,
  },
  { collection: 'tallies', versionKey: false },
);

/**
 * A tally's change log: entry `<name>#<n>` holds the n-th change of the tally's counts
 * (numbers claimed by unique insert, see `db/numbered-log.ts`). Entries folded into the tally
 * are deleted, so this collection holds only the changes not yet folded.
 */
const tallyChangeSchema = new Schema(
  {
    _id: { type: String, required: true },
    /** Key → how much its count moved (+1, −1, …). */
    deltas: { type: Schema.Types.Mixed, required: true },
  },
  { collection: 'tally_changes', versionKey: false },
);

export const TallyModel = model('Tally', tallySchema);
export const TallyChangeModel = model('TallyChange', tallyChangeSchema);
